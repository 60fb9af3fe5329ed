package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window counts and budget arithmetic against a naive model of every event. */
class WindowPropertyTest {

  private static final List<Duration> WINDOWS =
      List.of(
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofDays(1),
          Duration.ofDays(3),
          Duration.ofDays(30));

  private record Event(long atMillis, boolean good) {}

  /** The bucket width used for a window: 10 s up to 1 h, 1 min up to 1 d, 1 h beyond. */
  private static long widthMillis(Duration window) {
    if (window.compareTo(Duration.ofHours(1)) <= 0) {
      return 10_000;
    }
    return window.compareTo(Duration.ofDays(1)) <= 0 ? 60_000 : 3_600_000;
  }

  private static long count(List<Event> events, long fromExclusive, long toInclusive, boolean good) {
    return events.stream()
        .filter(e -> e.atMillis() > fromExclusive && e.atMillis() <= toInclusive)
        .filter(e -> e.good() == good)
        .count();
  }

  @Test
  void everyWindowAgreesWithANaiveModelWithinOneBucketWidth() {
    qt().withExamples(150)
        .forAll(
            longs().between(0, 3_599_999), // where in an hour the clock starts
            lists()
                .of(
                    longs()
                        .between(0, 4L * 86_400_000)
                        .zip(booleans().all(), Event::new))
                .ofSizeBetween(0, 120),
            longs().between(0, 2L * 86_400_000)) // how long after the last event we look
        .checkAssert(
            (startOffset, unsorted, idle) -> {
              ManualClock clock =
                  ManualClock.at(Instant.parse("2026-03-01T00:00:00Z").plusMillis(startOffset));
              long origin = clock.millis();
              Slo slo = Slo.create(Slo.named("p").objective(0.99).build(), clock);
              List<Event> events = new ArrayList<>(unsorted);
              events.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
              for (Event e : events) {
                clock.set(Instant.ofEpochMilli(origin + e.atMillis()));
                slo.record(e.good());
              }
              long last = events.isEmpty() ? 0 : events.get(events.size() - 1).atMillis();
              clock.set(Instant.ofEpochMilli(origin + last + idle));
              long now = last + idle;
              for (Duration w : WINDOWS) {
                long width = widthMillis(w);
                WindowEvents counted = slo.events(w);
                long wm = w.toMillis();
                assertThat(counted.good())
                    .as("good in %s", w)
                    .isBetween(count(events, now - wm + width, now, true),
                        count(events, now - wm, now, true));
                assertThat(counted.bad())
                    .as("bad in %s", w)
                    .isBetween(count(events, now - wm + width, now, false),
                        count(events, now - wm, now, false));
              }
            });
  }

  @Test
  void budgetArithmeticIdentitiesHold() {
    qt().withExamples(300)
        .forAll(
            longs().between(0, 1_000_000_000L),
            longs().between(0, 1_000_000_000L),
            doubles().between(0.5, 0.99999),
            integers().between(0, 4))
        .checkAssert(
            (good, bad, objective, windowIndex) -> {
              ManualClock clock = ManualClock.create();
              Slo slo =
                  Slo.create(
                      Slo.named("b")
                          .objective(objective)
                          .window(List.of(Duration.ofHours(1), Duration.ofDays(1),
                              Duration.ofDays(7), Duration.ofDays(28), Duration.ofDays(35))
                              .get(windowIndex))
                          .build(),
                      clock);
              slo.record(good, bad);
              SloSnapshot s = slo.snapshot();

              assertThat(s.counts()).isEqualTo(new WindowEvents(good, bad));
              assertThat(List.of(s.sli(), s.burnRate(), s.budgetRemaining(), s.budgetAllowed(),
                      s.currentBurnRate()))
                  .allMatch(Double::isFinite);
              assertThat(s.sli()).isBetween(0.0, 1.0);
              if (s.noData()) {
                assertThat(s.sli()).isEqualTo(1.0);
                assertThat(s.burnRate()).isZero();
                assertThat(s.budgetRemaining()).isEqualTo(1.0);
                assertThat(s.exhausted()).isFalse();
              } else {
                double errorRatio = (double) bad / (good + bad);
                assertThat(s.sli() + errorRatio).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(s.burnRate() * (1 - objective))
                    .isCloseTo(errorRatio, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(s.budgetRemaining())
                    .isCloseTo(1 - s.burnRate(), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(s.budgetAllowed() * (1 - s.budgetRemaining()))
                    .isCloseTo(s.budgetConsumed(),
                        org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, bad)));
                assertThat(s.exhausted()).isEqualTo(s.budgetRemaining() <= 0);
                if (!s.exhausted() && s.currentBurnRate() > 0) {
                  // the exact figure is pinned by hand-computed scenarios below
                  assertThat(s.timeToExhaustion()).isPositive();
                }
              }
            });
  }

  @Test
  void timeToExhaustionMatchesHandComputedScenarios() {
    // 99% over 30 days; 100,000 events with 500 bad (ratio 0.005, burn 0.5: half the budget
    // left); the last five minutes burn at 2 (20 bad of 1,000). 0.5 x 30 days / 2 = 7.5 days.
    assertThat(timeToExhaustion(0.99, Duration.ofDays(30), 98_520, 480, 980, 20).toSeconds())
        .isCloseTo(Duration.ofHours(180).toSeconds(), org.assertj.core.data.Offset.offset(1L));
    // 99.9% over 28 days; 400,000 events with 100 bad (ratio 0.00025, burn 0.25: three quarters
    // left); the last five minutes burn at 10 (10 bad of 1,000). 0.75 x 28 days / 10 = 2.1 days.
    assertThat(timeToExhaustion(0.999, Duration.ofDays(28), 398_910, 90, 990, 10).toSeconds())
        .isCloseTo(
            Duration.ofHours(50).plusMinutes(24).toSeconds(),
            org.assertj.core.data.Offset.offset(1L));
    // 90% over 7 days; 10,000 events with 100 bad (burn 0.1: 90% left); the last five minutes
    // burn at 1 (10 bad of 100). 0.9 x 7 days / 1 = 6.3 days = 151.2 h.
    assertThat(timeToExhaustion(0.9, Duration.ofDays(7), 9_810, 90, 90, 10).toSeconds())
        .isCloseTo(
            Duration.ofHours(151).plusMinutes(12).toSeconds(),
            org.assertj.core.data.Offset.offset(1L));
  }

  /** Records a history two hours ago, then the last five minutes' traffic, and reads the figure. */
  private static Duration timeToExhaustion(
      double objective, Duration window, long oldGood, long oldBad, long newGood, long newBad) {
    ManualClock clock = ManualClock.create();
    Slo slo = Slo.create(Slo.named("t").objective(objective).window(window).build(), clock);
    slo.record(oldGood, oldBad);
    clock.advance(Duration.ofHours(2));
    slo.record(newGood, newBad);
    SloSnapshot s = slo.snapshot();
    assertThat(s.exhausted()).isFalse();
    return s.timeToExhaustion();
  }
}
