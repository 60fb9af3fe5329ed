package dev.shipshape.flags;

/** How current a source's flags are. */
public enum SourceStatus {
  /** The last read succeeded. */
  FRESH,
  /** The last read failed; the flags of an earlier successful read are being served. */
  STALE,
  /** No read has succeeded yet; the source contributes no flags. */
  NOT_LOADED
}
