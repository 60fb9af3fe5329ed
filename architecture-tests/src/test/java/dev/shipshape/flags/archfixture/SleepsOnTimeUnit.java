package dev.shipshape.flags.archfixture;

import java.util.concurrent.TimeUnit;

/** A flags class that waits by sleeping through a TimeUnit instead of using the scheduler. */
public final class SleepsOnTimeUnit {
  /**
   * Waits the forbidden way.
   *
   * @throws InterruptedException never in these tests: the fixture is only inspected
   */
  public void pause() throws InterruptedException {
    TimeUnit.SECONDS.sleep(1);
  }
}
