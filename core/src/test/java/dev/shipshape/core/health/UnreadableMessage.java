package dev.shipshape.core.health;

/** An exception whose message is built lazily, and whose building fails. */
final class UnreadableMessage extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  @Override
  public String getMessage() {
    throw new NullPointerException("message source is null");
  }
}
