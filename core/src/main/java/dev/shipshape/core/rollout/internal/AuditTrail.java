package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.rollout.RolloutAuditEntry;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A rollout's audit trail: its latest {@value #CAPACITY} transitions, oldest first. Bounded so
 * that a rollout that changes state without end (halted and resumed by a script, a gate's verdict
 * flapping for months) keeps a fixed amount of memory; every transition is still a telemetry
 * event and a log line. Thread-safe.
 */
final class AuditTrail {

  /** The most entries kept; adding one more forgets the oldest. */
  static final int CAPACITY = 1_000;

  private final ArrayDeque<RolloutAuditEntry> entries = new ArrayDeque<>();

  /** Appends {@code entry}, forgetting the oldest entry when the trail is full. */
  synchronized void add(RolloutAuditEntry entry) {
    if (entries.size() == CAPACITY) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  /** The entries kept, oldest first, as an immutable copy. */
  synchronized List<RolloutAuditEntry> entries() {
    return List.copyOf(entries);
  }
}
