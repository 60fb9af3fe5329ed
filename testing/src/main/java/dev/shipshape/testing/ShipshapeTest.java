package dev.shipshape.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests each get their own Shipshape application on a manual clock,
 * configured by the class's {@link ShipshapeSetup} methods; the same as {@code
 * @ExtendWith(ShipshapeExtension.class)}.
 *
 * <p>Do not combine it with a {@code @RegisterExtension} {@link ShipshapeExtension} field in the
 * same class: use one or the other.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ShipshapeExtension.class)
public @interface ShipshapeTest {}
