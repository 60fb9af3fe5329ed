package dev.shipshape.flags;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Flag hygiene: how often each current flag was evaluated and when last, and which unknown keys
 * were asked for. Stale-flag candidates are the flags nobody evaluates.
 *
 * @param asOf when the report was taken, from the clock
 * @param flags one entry per currently defined flag, sorted by key
 * @param unknownKeysRequested keys that were evaluated but no source defines (bounded to the
 *     first 1,000 distinct keys)
 */
public record FlagUsageReport(Instant asOf, List<Entry> flags, Set<String> unknownKeysRequested) {

  /**
   * Copies the components.
   *
   * @param asOf when the report was taken
   * @param flags the per-flag entries
   * @param unknownKeysRequested the unknown keys
   */
  public FlagUsageReport {
    flags = List.copyOf(flags);
    unknownKeysRequested = Set.copyOf(unknownKeysRequested);
  }

  /**
   * Flags never evaluated since they were first loaded.
   *
   * @return their keys, sorted
   */
  public List<String> neverEvaluated() {
    return flags.stream().filter(e -> e.lastEvaluated() == null).map(Entry::key).toList();
  }

  /**
   * Flags not evaluated during the last {@code duration} (including those never evaluated but
   * loaded at least that long ago).
   *
   * @param duration how far back to look
   * @return their keys, sorted
   */
  public List<String> notEvaluatedSince(Duration duration) {
    Instant cutoff = asOf.minus(duration);
    return flags.stream()
        .filter(
            e ->
                e.lastEvaluated() != null
                    ? e.lastEvaluated().isBefore(cutoff)
                    : !e.trackedSince().isAfter(cutoff))
        .map(Entry::key)
        .toList();
  }

  /**
   * Usage of one flag.
   *
   * @param key the flag key
   * @param evaluations how many times it was evaluated
   * @param lastEvaluated when it was last evaluated, to the second (see {@link Flags#usage()}), or
   *     null if never
   * @param trackedSince when the flag first appeared in the effective flag set
   */
  public record Entry(
      String key, long evaluations, @Nullable Instant lastEvaluated, Instant trackedSince) {}
}
