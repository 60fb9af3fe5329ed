package dev.shipshape.slo.internal;

import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.Ticker;
import java.lang.ref.WeakReference;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler task that moves an {@link EventRing}'s live bucket at each 10-second boundary, so
 * that recording never reads the clock. It holds the ring weakly: once the SLO that owns the ring
 * is garbage, the task cancels itself, so a long-lived scheduler never keeps dropped SLOs alive.
 */
public final class RingRotation implements Runnable {

  private final WeakReference<EventRing> ring;
  private volatile @Nullable ScheduledTask task;
  private volatile boolean stopped;

  private RingRotation(EventRing ring) {
    this.ring = new WeakReference<>(ring);
  }

  /**
   * Schedules the rotation of {@code ring} on {@code scheduler}: first at the next 10-second
   * boundary of {@code ticker}'s readings, then every 10 seconds.
   *
   * @param ring the ring to advance
   * @param scheduler runs the task; its clock must be the one {@code ticker} reads
   * @param ticker the ring's ticker
   * @param name names the task in the scheduler's failure reports
   * @return the running rotation
   * @throws IllegalStateException if the scheduler is closed
   */
  public static RingRotation start(
      EventRing ring, Scheduler scheduler, Ticker ticker, String name) {
    RingRotation rotation = new RingRotation(ring);
    long width = EventRing.LIVE_WIDTH_NANOS;
    long untilBoundary = width - Math.floorMod(ticker.read(), width);
    rotation.task =
        scheduler.scheduleEvery(
            name, Duration.ofNanos(untilBoundary), Duration.ofNanos(width), rotation);
    return rotation;
  }

  @Override
  public void run() {
    EventRing r = ring.get();
    if (r == null) {
      stop();
      return;
    }
    r.advance();
  }

  /**
   * Whether the task no longer runs: stopped here, or cancelled with its scheduler.
   *
   * @return true once the ring is no longer advanced by the scheduler
   */
  public boolean stopped() {
    if (stopped) {
      return true;
    }
    ScheduledTask t = task;
    return t != null && t.isCancelled();
  }

  /** Cancels the task; stopping twice does nothing. */
  public void stop() {
    stopped = true;
    ScheduledTask t = task;
    if (t != null) {
      t.cancel();
    }
  }
}
