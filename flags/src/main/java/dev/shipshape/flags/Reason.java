package dev.shipshape.flags;

/** Why an evaluation returned the value it did; the names match OpenFeature's reasons. */
public enum Reason {
  /** The flag has no targeting: its default variant was returned. */
  STATIC,
  /** Targeting yielded no variant, so the flag's default variant (or the caller's) was used. */
  DEFAULT,
  /** Targeting selected a variant. */
  TARGETING_MATCH,
  /** Targeting selected a variant through a {@code fractional} split. */
  SPLIT,
  /** The flag is disabled: the caller's default was returned. */
  DISABLED,
  /** Evaluation failed: the caller's default was returned, see the error code. */
  ERROR
}
