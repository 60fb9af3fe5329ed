package dev.shipshape.slo;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One writer of the recording races: records a fixed mix of events into an SLO until it has done
 * its share or is told to stop, and counts what it recorded, for the race to compare with what the
 * SLO holds.
 */
final class RacingWriter {

  private RacingWriter() {}

  /**
   * Records into {@code slo}, in turn, one good event, one bad event, a latency of {@code i}
   * nanoseconds for the {@code i}-th operation, and a batch of three good and two bad events; the
   * turn starts at {@code offset}, so that writers given different offsets interleave differently.
   *
   * @param slo the SLO the writers race on
   * @param offset where in the turn this writer starts
   * @param operations how many recordings at most
   * @param stop when set, the writer stops after its current recording
   * @return the good and bad events this writer recorded
   */
  static WindowEvents record(Slo slo, int offset, long operations, AtomicBoolean stop) {
    long good = 0;
    long bad = 0;
    for (long i = 0; i < operations && !stop.get(); i++) {
      switch ((int) ((i + offset) % 4)) {
        case 0 -> {
          slo.record(true);
          good++;
        }
        case 1 -> {
          slo.record(false);
          bad++;
        }
        case 2 -> {
          slo.recordLatencyNanos(i);
          if (slo.isGoodLatency(i)) {
            good++;
          } else {
            bad++;
          }
        }
        default -> {
          slo.record(3, 2);
          good += 3;
          bad += 2;
        }
      }
    }
    return new WindowEvents(good, bad);
  }

  /**
   * What several writers recorded together.
   *
   * @param each what each writer's {@link #record} returned
   * @return the sums of their good and of their bad events
   */
  static WindowEvents sum(WindowEvents... each) {
    long good = 0;
    long bad = 0;
    for (WindowEvents e : each) {
      good += e.good();
      bad += e.bad();
    }
    return new WindowEvents(good, bad);
  }
}
