package dev.shipshape.time.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One invalid setting: which setting, the value it was given and what was expected, reported as
 * {@code <setting> was '<value>' but <expected>} (or {@code <setting> was missing but <expected>}
 * when no value was given).
 *
 * <p>A setting is a path: the builder's own setting name (such as {@code retry.maxAttempts}, or a
 * JSON pointer such as {@code /flags/new-checkout/defaultVariant} in a flag file), preceded by the
 * definitions that contain it when a problem is reported by a larger whole (such as {@code guards},
 * {@code payments}). The path's parts are joined with dots for display; {@link #path()} keeps them
 * apart so that a caller can map each part to its own names.
 *
 * <p>Immutable.
 */
public final class ConfigProblem implements Serializable {
  private static final long serialVersionUID = 1L;

  // an array, since not every List is Serializable
  private final String[] path;
  private final @Nullable String value;
  private final String expected;

  private ConfigProblem(String[] path, @Nullable String value, String expected) {
    this.path = path;
    this.value = value;
    this.expected = expected;
  }

  /**
   * A problem with {@code setting}.
   *
   * @param setting the setting as its builder or file names it, such as {@code timeout}
   * @param value the value it was given, rendered with {@link String#valueOf(Object)}; null when
   *     no value was given
   * @param expected what was expected, such as {@code must be positive}
   * @return the problem
   */
  public static ConfigProblem of(String setting, @Nullable Object value, String expected) {
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(expected, "expected");
    return new ConfigProblem(
        new String[] {setting}, value == null ? null : String.valueOf(value), expected);
  }

  /**
   * This problem as reported by a larger whole: the same value and expectation, with {@code
   * owner} (outermost first) before the setting, as in {@code problem.in("guards", "payments")}.
   *
   * @param owner the definitions that contain the setting, outermost first
   * @return the problem with the longer path
   */
  public ConfigProblem in(String... owner) {
    if (owner.length == 0) {
      return this;
    }
    String[] longer = Arrays.copyOf(owner, owner.length + path.length);
    System.arraycopy(path, 0, longer, owner.length, path.length);
    for (String part : longer) {
      Objects.requireNonNull(part, "owner");
    }
    return new ConfigProblem(longer, value, expected);
  }

  /**
   * The setting's path: the containing definitions, outermost first, then the setting itself.
   *
   * @return an immutable, non-empty list
   */
  public List<String> path() {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(path)));
  }

  /**
   * The setting, its path joined with dots, such as {@code guards.payments.retry.maxAttempts}.
   *
   * @return the setting
   */
  public String setting() {
    return String.join(".", path);
  }

  /**
   * The value the setting was given, as text.
   *
   * @return the value, or null when no value was given
   */
  public @Nullable String value() {
    return value;
  }

  /**
   * What was expected, such as {@code must be positive}.
   *
   * @return the expectation
   */
  public String expected() {
    return expected;
  }

  /**
   * The problem in the one format: {@code <setting> was '<value>' but <expected>}.
   *
   * @return the message
   */
  public String message() {
    String was = value == null ? " was missing" : " was '" + value + "'";
    return setting() + was + " but " + expected;
  }

  @Override
  public String toString() {
    return message();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConfigProblem
        && Arrays.equals(path, ((ConfigProblem) o).path)
        && Objects.equals(value, ((ConfigProblem) o).value)
        && expected.equals(((ConfigProblem) o).expected);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(path), value, expected);
  }
}
