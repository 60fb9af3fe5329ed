package dev.shipshape.architecture.apifixture.internal;

/** Public, but in an internal package: not API. */
public final class Implementation {
  /** Not API. */
  public void run() {}
}
