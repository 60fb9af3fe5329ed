package dev.shipshape.testing.samples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ShipshapeSetup;
import org.junit.jupiter.api.Test;

/**
 * The parallel samples' four tests, each overriding max-items with a value of its own; each
 * subclass overrides checkout-theme for its four. {@link ParallelRun} holds all of them together,
 * so each test checks its overrides while every other test's are in force.
 */
public abstract class ParallelSample {

  /** The subclass's name in the observations: A for ParallelSampleA. */
  private final String name = getClass().getSimpleName().substring("ParallelSample".length());

  /** The checkout-theme variant the subclass declares. */
  private final String theme = getClass().getAnnotation(FlagVariant.class).variant();

  @ShipshapeSetup
  static void application(Shipshape.Builder app) {
    SampleApp.configure(app);
  }

  @Test
  @FlagValue(flag = "max-items", value = "1")
  void first(Flags flags) throws Exception {
    ParallelRun.check(name + ".first", flags, theme, 1);
  }

  @Test
  @FlagValue(flag = "max-items", value = "2")
  void second(Flags flags) throws Exception {
    ParallelRun.check(name + ".second", flags, theme, 2);
  }

  @Test
  @FlagValue(flag = "max-items", value = "3")
  void third(Flags flags) throws Exception {
    ParallelRun.check(name + ".third", flags, theme, 3);
  }

  @Test
  @FlagValue(flag = "max-items", value = "4")
  void fourth(Flags flags) throws Exception {
    ParallelRun.check(name + ".fourth", flags, theme, 4);
  }
}
