package dev.shipshape.flags.internal;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One flag key's use, kept across reloads: the evaluation count (this adder) and the time of the
 * last one. Extending the adder saves evaluation one pointer hop.
 */
final class Usage extends LongAdder {
  private static final long serialVersionUID = 1L;

  /** The counter of a flag no engine evaluates: only compiled, never published in a snapshot. */
  static final Usage DETACHED = new Usage(null);

  volatile long lastMillis = Long.MIN_VALUE;
  final @Nullable Instant since;

  Usage(@Nullable Instant since) {
    this.since = since;
  }

  /** Counts one evaluation at {@code now}; writes the shared field only when the time moved. */
  void record(long now) {
    increment();
    if (lastMillis != now) {
      lastMillis = now;
    }
  }
}
