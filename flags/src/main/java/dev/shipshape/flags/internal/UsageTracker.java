package dev.shipshape.flags.internal;

import dev.shipshape.flags.FlagUsageReport;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which flags are evaluated, how often and when last, and which unknown keys were asked for: the
 * hygiene report's data. Evaluation never reads the clock; it stamps {@link #millis}, which a
 * scheduler task refreshes every {@link #PERIOD}.
 */
final class UsageTracker {
  /** How often the time stamped on evaluated flags is refreshed from the clock. */
  static final Duration PERIOD = Duration.ofSeconds(1);

  private static final int MAX_UNKNOWN_KEYS = 1000;

  private final Clock clock;
  private final ConcurrentHashMap<String, Usage> byKey = new ConcurrentHashMap<>();
  private final Set<String> unknownKeys = ConcurrentHashMap.newKeySet();
  private final ScheduledTask tick;

  /**
   * The time evaluations stamp as their flag's last use: the clock as of the last {@link #PERIOD}
   * tick.
   */
  volatile long millis;

  UsageTracker(Clock clock, Scheduler scheduler) {
    this.clock = clock;
    this.millis = clock.millis();
    this.tick =
        scheduler.scheduleEvery(
            "shipshape-flags-usage-clock", PERIOD, PERIOD, () -> millis = clock.millis());
  }

  /**
   * Gives {@code flag} its key's counter, created at {@code now} when the key is new. Called for
   * every flag of a snapshot before the snapshot is published.
   */
  void attach(CompiledFlag flag, Instant now) {
    flag.usage = byKey.computeIfAbsent(flag.key, k -> new Usage(now));
  }

  /** Remembers a key that no source defines (a bounded number of them). */
  void unknown(@Nullable String key) {
    if (key != null && !unknownKeys.contains(key) && unknownKeys.size() < MAX_UNKNOWN_KEYS) {
      unknownKeys.add(key);
    }
  }

  /** The report over the flags of {@code snapshot}, as of now. */
  FlagUsageReport report(Snapshot snapshot) {
    Instant now = clock.instant();
    List<FlagUsageReport.Entry> out = new ArrayList<>();
    for (String key : new TreeSet<>(snapshot.ordered.keySet())) {
      Usage u = snapshot.ordered.get(key).usage;
      long last = u.lastMillis;
      Instant since = u.since;
      out.add(
          new FlagUsageReport.Entry(
              key,
              u.sum(),
              last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
              since == null ? now : since));
    }
    return new FlagUsageReport(now, out, Set.copyOf(unknownKeys));
  }

  /** Stops refreshing the time. */
  void close() {
    tick.cancel();
  }
}
