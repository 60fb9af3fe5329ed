package dev.shipshape.flags;

import java.util.Map;
import java.util.Optional;

/** A read-only view of one compiled flag definition, as loaded from a flagd-format document. */
public interface FlagDefinition {

  /**
   * The flag key.
   *
   * @return the key
   */
  String key();

  /**
   * Whether the flag is enabled.
   *
   * @return the state
   */
  FlagState state();

  /**
   * The variants in document order: name to immutable value (Boolean, String, Long, Double, or an
   * immutable Map/List for object flags).
   *
   * @return the variants
   */
  Map<String, Object> variants();

  /**
   * The default variant, when the definition names one.
   *
   * @return the default variant name
   */
  Optional<String> defaultVariant();

  /**
   * The flag's own metadata (without the flag set's).
   *
   * @return the metadata
   */
  Map<String, Object> metadata();

  /**
   * The targeting rule as compact JSON, after {@code $ref} inlining, when the flag has one. The
   * text is written on each call (every evaluator it refers to is repeated in it, up to {@link
   * FlagLimits#maxRuleBytes()}); use {@link #hasTargeting()} to ask only whether there is one.
   *
   * @return the rule
   */
  Optional<String> targeting();

  /**
   * Whether the flag has a targeting rule; cheaper than {@link #targeting()}.
   *
   * @return true when it has one
   */
  default boolean hasTargeting() {
    return targeting().isPresent();
  }

  /**
   * The flag's split when its targeting is exactly a top-level {@code fractional} with literal
   * variant names and integer weights; rollouts use this to find two-way splits.
   *
   * @return the split
   */
  Optional<FractionalSplit> fractionalSplit();
}
