package dev.shipshape.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told to, for tests and simulations.
 *
 * <p>{@link #advance(Duration)} moves it forward; {@link #set(Instant)} and {@link
 * #rewind(Duration)} move it anywhere, backwards included, because clocks do jump in production and
 * code should be tested against that. Readers on any thread see each move atomically and, unless a
 * test moves the clock back explicitly, never see time go backwards.
 *
 * <p>When a {@linkplain Scheduler#manual(ManualClock) manual scheduler} is attached, moving the
 * clock forward runs the work that falls due, in due order, with the clock set to each task's due
 * instant while it runs: a task scheduled every minute runs sixty times when the clock advances an
 * hour. Clocks obtained from {@link #withZone(ZoneId)} share this clock's time and schedulers.
 *
 * <p>Moves from several threads take turns: each waits for the one under way, work it runs
 * included, and {@link #advance(Duration)} and {@link #rewind(Duration)} count from where the
 * previous move left the clock, so two advances of a minute move it two minutes.
 *
 * <p>The clock holds nanoseconds since the epoch in a {@code long}, so it supports instants from
 * 1677-09-21 to 2262-04-11; anything outside is refused with an {@link IllegalArgumentException}
 * rather than overflowing. Work due at the last of them (2262-04-11T23:47:16.854775807Z) runs
 * when the clock is moved there; work due later never runs.
 */
public final class ManualClock extends Clock {

  /** The instant {@link #create()} starts at: 2026-01-01T00:00:00Z, well away from the epoch. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final Timeline timeline;
  private final ZoneId zone;

  private ManualClock(Timeline timeline, ZoneId zone) {
    this.timeline = timeline;
    this.zone = zone;
  }

  /**
   * A manual clock in UTC at {@link #DEFAULT_START}.
   *
   * @return a new clock
   */
  public static ManualClock create() {
    return at(DEFAULT_START);
  }

  /**
   * A manual clock in UTC at {@code start}.
   *
   * @param start the initial instant
   * @return a new clock
   * @throws IllegalArgumentException if {@code start} is outside the supported range
   */
  public static ManualClock at(Instant start) {
    return at(start, ZoneOffset.UTC);
  }

  /**
   * A manual clock in {@code zone} at {@code start}.
   *
   * @param start the initial instant
   * @param zone the zone reported by {@link #getZone()}
   * @return a new clock
   * @throws IllegalArgumentException if {@code start} is outside the supported range
   */
  public static ManualClock at(Instant start, ZoneId zone) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(zone, "zone");
    return new ManualClock(new Timeline(checkedNanos("start", start)), zone);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * A clock in {@code zone} that shares this clock's time: advancing either moves both.
   *
   * @param zone the zone of the returned clock
   * @return a view of this clock in {@code zone}
   */
  @Override
  public ManualClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new ManualClock(timeline, zone);
  }

  @Override
  public Instant instant() {
    return EpochNanos.toInstant(timeline.nanos.get());
  }

  @Override
  public long millis() {
    return Math.floorDiv(timeline.nanos.get(), 1_000_000L);
  }

  /**
   * The current time in nanoseconds since the epoch; this is what {@link Ticker#of(Clock)} reads.
   *
   * @return nanoseconds since 1970-01-01T00:00:00Z
   */
  public long epochNanos() {
    return timeline.nanos.get();
  }

  /**
   * Moves the clock forward by {@code duration}, running the scheduled work that falls due.
   * Advancing by zero runs the work that is already due.
   *
   * @param duration how far to move; must not be negative
   * @return this clock
   * @throws IllegalArgumentException if {@code duration} is negative or would leave the supported
   *     range
   * @throws IllegalStateException if called from a task that this clock's scheduler is running
   */
  public ManualClock advance(Duration duration) {
    requireNotNegative(
        "advance", duration, "use rewind(Duration) or set(Instant) to move the clock back");
    synchronized (timeline.moveLock) { // the target counts from where any other move left it
      timeline.moveTo(plusChecked(duration));
    }
    return this;
  }

  /**
   * Moves the clock back by {@code duration}, as when a wall clock is corrected. Scheduled work
   * keeps its due instants and runs when the clock reaches them again.
   *
   * @param duration how far back to move; must not be negative
   * @return this clock
   * @throws IllegalArgumentException if {@code duration} is negative or would leave the supported
   *     range
   */
  public ManualClock rewind(Duration duration) {
    requireNotNegative("rewind", duration, "use advance(Duration) to move the clock forward");
    synchronized (timeline.moveLock) { // the target counts from where any other move left it
      Instant target;
      try {
        target = instant().minus(duration);
      } catch (ArithmeticException | java.time.DateTimeException e) {
        throw outOfRange("rewind duration", duration.toString());
      }
      timeline.moveTo(checkedNanos("rewind target", target));
    }
    return this;
  }

  /** Refuses a null or negative {@code duration} of a move, saying what to use instead. */
  private static void requireNotNegative(String move, Duration duration, String instead) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          move + " duration was '" + duration + "' but must not be negative; " + instead);
    }
  }

  /**
   * Sets the clock to {@code instant}, forwards or backwards. Moving forwards runs the scheduled
   * work that falls due, exactly as {@link #advance(Duration)} does.
   *
   * @param instant the new time
   * @return this clock
   * @throws IllegalArgumentException if {@code instant} is outside the supported range
   */
  public ManualClock set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    timeline.moveTo(checkedNanos("instant", instant));
    return this;
  }

  void attach(ManualScheduler scheduler) {
    timeline.add(scheduler);
  }

  void detach(ManualScheduler scheduler) {
    timeline.remove(scheduler);
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "," + zone + "]";
  }

  /** The clock's nanoseconds plus {@code duration} (not negative), refused outside the range. */
  private long plusChecked(Duration duration) {
    long now = timeline.nanos.get();
    if (duration.getSeconds() < Long.MAX_VALUE / 1_000_000_000L) {
      // the duration fits in a long of nanoseconds: the sum is in range unless it overflows
      long sum = now + duration.toNanos();
      if (sum < now) {
        throw outOfRange("advance duration", duration.toString());
      }
      return sum;
    }
    Instant target;
    try {
      target = EpochNanos.toInstant(now).plus(duration);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw outOfRange("advance duration", duration.toString());
    }
    if (!EpochNanos.inRange(target)) {
      throw outOfRange("advance duration", duration.toString());
    }
    return EpochNanos.of(target);
  }

  private static long checkedNanos(String setting, Instant instant) {
    if (!EpochNanos.inRange(instant)) {
      throw outOfRange(setting, instant.toString());
    }
    return EpochNanos.of(instant);
  }

  private static IllegalArgumentException outOfRange(String setting, String value) {
    return new IllegalArgumentException(
        setting + " was '" + value + "' but a ManualClock supports instants "
            + EpochNanos.supportedRange() + " (nanoseconds since the epoch in a long)");
  }

  /** The state that a clock and its zone views share. */
  private static final class Timeline {
    final AtomicLong nanos;

    /**
     * The attached schedulers, replaced as a whole on every change: moving the clock reads it once
     * per due task, without the iterator a concurrent list would allocate each time.
     */
    private volatile ManualScheduler[] schedulers = new ManualScheduler[0];

    /** Held while the clock moves, and by a relative move while it computes its target. */
    private final Object moveLock = new Object();
    private boolean moving;

    Timeline(long startNanos) {
      this.nanos = new AtomicLong(startNanos);
    }

    synchronized void add(ManualScheduler scheduler) {
      ManualScheduler[] now = schedulers;
      ManualScheduler[] next = Arrays.copyOf(now, now.length + 1);
      next[now.length] = scheduler;
      schedulers = next;
    }

    synchronized void remove(ManualScheduler scheduler) {
      ManualScheduler[] now = schedulers;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == scheduler) {
          ManualScheduler[] next = new ManualScheduler[now.length - 1];
          System.arraycopy(now, 0, next, 0, i);
          System.arraycopy(now, i + 1, next, i, now.length - i - 1);
          schedulers = next;
          return;
        }
      }
    }

    void moveTo(long target) {
      synchronized (moveLock) {
        if (moving) {
          throw new IllegalStateException(
              "a ManualClock cannot be moved by a task that its scheduler is running;"
                  + " move it from the test instead");
        }
        moving = true;
        try {
          runDueUpTo(target);
          nanos.set(target);
        } finally {
          moving = false;
        }
      }
    }

    private void runDueUpTo(long target) {
      while (true) {
        ManualScheduler next = null;
        long due = Long.MAX_VALUE;
        for (ManualScheduler scheduler : schedulers) {
          long candidate = scheduler.nextDue();
          if (candidate < due) {
            due = candidate;
            next = scheduler;
          }
        }
        if (next == null || due > target) {
          break;
        }
        if (due > nanos.get()) {
          nanos.set(due);
        }
        next.runNextDue(due);
      }
      if (target == Long.MAX_VALUE) {
        runDueAtTheLastInstant();
      }
    }

    /**
     * Runs the work due at the last instant the clock can show, which a scheduler's {@link
     * ManualScheduler#nextDue()} does not tell from no work at all: as for any tie, the first
     * scheduler with due work runs its earliest task, until none has any (a task may add more).
     */
    private void runDueAtTheLastInstant() {
      nanos.set(Long.MAX_VALUE);
      boolean ran = true;
      while (ran) {
        ran = false;
        for (ManualScheduler scheduler : schedulers) {
          if (scheduler.runNextDue(Long.MAX_VALUE)) {
            ran = true;
            break;
          }
        }
      }
    }
  }
}
