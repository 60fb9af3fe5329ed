package dev.shipshape.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that configures the application every test of the class runs against. The method
 * takes one {@code Shipshape.Builder} parameter and adds the application's flag sources, SLOs and
 * health checks to it, as the application's own start-up code does:
 *
 * <pre>{@code
 * @ShipshapeSetup
 * static void application(Shipshape.Builder app) {
 *   app.flags(FlagSource.classpath("flags.json")).slo(Slo.named("checkout").objective(0.999));
 * }
 * }</pre>
 *
 * <p>The extension calls it before each test, then sets the test's manual clock, manual scheduler
 * and telemetry recorder on the builder (so any clock or scheduler set here is replaced) and
 * builds. Methods of superclasses and enclosing classes run first. Make the method {@code static}
 * when the class uses {@link ForEachVariant} without listing the variants: the variants are read
 * from the application before any test instance exists (unless the class has one instance for
 * all its tests).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ShipshapeSetup {}
