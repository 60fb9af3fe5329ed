package dev.shipshape.flags.archfixture;

import dev.shipshape.time.internal.Isolation;

/** Uses the shared internals of the lowest module, which every module may. */
public class UsesSharedTimeInternals {
  final Isolation isolation = new Isolation();
}
