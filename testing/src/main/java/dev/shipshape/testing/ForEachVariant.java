package dev.shipshape.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;

/**
 * Runs the annotated method once per variant of a flag, with that variant served to everyone,
 * naming each invocation after it: {@code checkoutWorks[new-checkout=on]}. Repeated for several
 * flags, it runs once per combination ({@code checkoutWorks[new-checkout=on, tax-mode=eu]}). The
 * class needs {@link ShipshapeTest} (or a registered {@link ShipshapeExtension}).
 *
 * <p>Without {@link #variants()} the variants are read from the application's flag sources, which
 * are then configured by {@code static} {@link ShipshapeSetup} methods (or instance methods of a
 * class that has one instance for all its tests, also one enclosing a nested test class). A test
 * method can take the invocation's variant as a {@link VariantUnderTest} parameter, or as a {@code
 * String} or {@code VariantUnderTest} parameter annotated with {@link VariantOf}.
 *
 * <p>It must be the method's only test annotation: with {@code @Test}, {@code @RepeatedTest} or
 * {@code @ParameterizedTest} as well, JUnit would also run the method without the variants, so
 * the method fails instead. To serve variants in a parameterized test, mark its argument with
 * {@link VariantOf}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(ForEachVariants.class)
@TestTemplate
public @interface ForEachVariant {

  /**
   * The flag key.
   *
   * @return the key
   */
  String value();

  /**
   * The variants to run with, in order, each listed once (a variant listed twice fails the
   * template); empty (the default) for every variant the flag defines, in the order of its
   * definition.
   *
   * @return variant names
   */
  String[] variants() default {};
}
