package dev.shipshape.flags;

/** Whether a flag is evaluated ({@code ENABLED}) or always returns the caller's default. */
public enum FlagState {
  /** The flag is evaluated normally. */
  ENABLED,
  /** The flag returns the caller's default with reason {@link Reason#DISABLED}. */
  DISABLED
}
