package dev.shipshape.flags.internal;

import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.Reason;
import org.jspecify.annotations.Nullable;

/**
 * A flag's resolution packed into one int, so that resolving allocates nothing: {@code reason <<
 * 24 | (errorCode + 1) << 16 | (variantIndex + 1)}, and bit 30 for a rule that ran out of steps.
 */
final class Outcome {
  private static final Reason[] REASONS = Reason.values();
  private static final ErrorCode[] CODES = ErrorCode.values();

  /** A disabled flag: no variant. */
  static final int DISABLED = pack(Reason.DISABLED, null, -1);
  /** No rule result and no default variant. */
  static final int DEFAULT_NONE = pack(Reason.DEFAULT, null, -1);
  /** A split without a targeting key. */
  static final int ERROR_TKM = pack(Reason.ERROR, ErrorCode.TARGETING_KEY_MISSING, -1);
  /** A rule that failed or named no variant of the flag. */
  static final int ERROR_GENERAL = pack(Reason.ERROR, ErrorCode.GENERAL, -1);
  /** Marks a general error as a rule that took more steps than its budget allows. */
  private static final int TOO_COSTLY_BIT = 1 << 30;
  /** A rule that took more steps than its budget allows: a general error. */
  static final int ERROR_TOO_COSTLY = ERROR_GENERAL | TOO_COSTLY_BIT;

  private Outcome() {}

  static int pack(Reason reason, @Nullable ErrorCode code, int index) {
    return reason.ordinal() << 24 | (code == null ? 0 : code.ordinal() + 1) << 16 | (index + 1);
  }

  static Reason reason(int packed) {
    return REASONS[(packed >>> 24) & 0x3F];
  }

  /** Whether the rule took more steps than its budget allows. */
  static boolean tooCostly(int packed) {
    return (packed & TOO_COSTLY_BIT) != 0;
  }

  static @Nullable ErrorCode errorCode(int packed) {
    int c = (packed >>> 16) & 0xFF;
    return c == 0 ? null : CODES[c - 1];
  }

  /** The variant's index, or -1 for none. */
  static int index(int packed) {
    return (packed & 0xFFFF) - 1;
  }
}
