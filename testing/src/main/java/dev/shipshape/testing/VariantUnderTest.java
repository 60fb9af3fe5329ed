package dev.shipshape.testing;

import java.util.Objects;

/**
 * The flag variant a {@link ForEachVariant} invocation runs with; declare a parameter of this
 * type to receive it.
 *
 * @param flag the flag key
 * @param variant the variant name
 * @param value the variant's value as the flag defines it (Boolean, String, Long, Double, or an
 *     immutable Map or List)
 */
public record VariantUnderTest(String flag, String variant, Object value) {

  /**
   * Checks that no component is null.
   *
   * @param flag the flag key
   * @param variant the variant name
   * @param value the variant's value
   */
  public VariantUnderTest {
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(value, "value");
  }

  /** Renders as {@code flag=variant}, the form used in invocation names. */
  @Override
  public String toString() {
    return flag + "=" + variant;
  }
}
