package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.flags.Flags;

/**
 * The kill switch: asked once per call, before any attempt, it refuses the call while its boolean
 * flag is {@code false}. A missing flag or an evaluation error leaves the guard on.
 */
final class KillSwitchStage implements Stage {

  private final String name;
  private final Flags flags;
  private final String flag;

  KillSwitchStage(String name, Flags flags, String flag) {
    this.name = name;
    this.flags = flags;
    this.flag = flag;
  }

  @Override
  public long acquire() {
    return flags.booleanValue(flag, true) ? PROCEED : -1;
  }

  @Override
  public GuardException rejection() {
    return new GuardException(
        name,
        Outcome.DISABLED_BY_FLAG,
        "guard '" + name + "' is switched off by flag '" + flag + "'",
        null);
  }
}
