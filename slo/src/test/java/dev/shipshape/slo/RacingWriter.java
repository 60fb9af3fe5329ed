package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One writer of the recording races: records a fixed mix of events into an SLO until it has done
 * its share or is told to stop, and counts what it recorded, for the race to compare with what the
 * SLO holds.
 */
final class RacingWriter {

  private RacingWriter() {}

  /**
   * Starts {@code writers} writers on threads of their own, writer {@code i} at offset {@code i},
   * each recording at most {@code operations} times.
   *
   * @param slo the SLO the writers race on
   * @param writers how many writers
   * @param operations how many recordings each makes at most
   * @return the race, to stop and to read what the writers recorded
   */
  static Race race(Slo slo, int writers, long operations) {
    return race(slo, writers, operations, new CountDownLatch(0));
  }

  /**
   * Starts {@code writers} writers as {@link #race(Slo, int, long)} does, each waiting for {@code
   * go} before it records, so that other threads of the test can start at the same time.
   *
   * @param slo the SLO the writers race on
   * @param writers how many writers
   * @param operations how many recordings each makes at most
   * @param go counted down when the writers may begin
   * @return the race, to stop and to read what the writers recorded
   */
  static Race race(Slo slo, int writers, long operations, CountDownLatch go) {
    Race race = new Race(writers);
    for (int w = 0; w < writers; w++) {
      int id = w;
      race.threads.add(
          new Thread(
              () -> {
                awaitQuietly(go);
                race.recorded[id] = record(slo, id, operations, race.stopping);
              }));
    }
    race.threads.forEach(Thread::start);
    return race;
  }

  /** Waits for {@code latch}; an interrupt ends the wait and stays set on the thread. */
  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writers racing on one SLO, each on its own thread until it has done its share or the race is
   * stopped.
   */
  static final class Race {
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final WindowEvents[] recorded;
    private final List<Thread> threads = new ArrayList<>();

    private Race(int writers) {
      recorded = new WindowEvents[writers];
    }

    /** Whether the race was stopped, for the test's other threads to end with the writers. */
    boolean stopped() {
      return stopping.get();
    }

    /**
     * Waits until every writer has done its share, or at the latest until the wall clock reads
     * {@code deadlineMillis}.
     */
    void awaitUntil(long deadlineMillis) throws InterruptedException {
      for (Thread t : threads) {
        t.join(Math.max(1, deadlineMillis - System.currentTimeMillis()));
      }
    }

    /**
     * Stops the writers, checks that each of them ends within ten seconds, and returns what they
     * recorded together.
     */
    WindowEvents stop() throws InterruptedException {
      stopping.set(true);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(t.isAlive()).isFalse();
      }
      return sum(recorded);
    }
  }

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
