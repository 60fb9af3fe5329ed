package dev.shipshape.flags;

/** Why an evaluation failed; the names match OpenFeature's error codes. */
public enum ErrorCode {
  /** No source defines the requested flag key. */
  FLAG_NOT_FOUND,
  /** The flag's values are not of the requested type. */
  TYPE_MISMATCH,
  /** The flag's definition could not be used. */
  PARSE_ERROR,
  /** A {@code fractional} rule needed a targeting key and the context had none. */
  TARGETING_KEY_MISSING,
  /** Any other failure, such as targeting that names a variant the flag does not define. */
  GENERAL
}
