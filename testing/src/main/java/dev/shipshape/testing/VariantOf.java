package dev.shipshape.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Ties a test parameter to a flag's variant. In a {@code @ParameterizedTest} the argument (a
 * variant name) is served to everyone for that invocation, so the variants combine with any other
 * arguments; in a {@link ForEachVariant} invocation the parameter receives the invocation's
 * variant, as a {@code String} name or a {@link VariantUnderTest}.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0} with {1} items")
 * @CsvSource({"on, 1", "on, 50", "off, 1"})
 * void totals(@VariantOf("new-checkout") String variant, int items, Shipshape ship) { ... }
 * }</pre>
 *
 * <p>In a parameterized test the variant is set when the test method is invoked, after the
 * {@code @BeforeEach} methods have run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface VariantOf {

  /**
   * The flag key.
   *
   * @return the key
   */
  String value();
}
