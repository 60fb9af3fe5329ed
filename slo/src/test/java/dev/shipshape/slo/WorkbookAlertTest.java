package dev.shipshape.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the SRE Workbook's multiwindow, multi-burn-rate scenarios for a 99.9% SLO over 30
 * days at a steady 50 events per second. The history is three healthy days (so every window of
 * every pair is full, as the workbook assumes), the last hour of it second by second. The
 * tolerance of every expected time is one bucket width of the window's resolution (10 s for
 * windows up to an hour).
 */
class WorkbookAlertTest {

  private static final Duration BUCKET = Duration.ofSeconds(10);

  private final ManualClock clock = ManualClock.create();
  private final List<SloAlertEvent> fired = new ArrayList<>();
  private final List<SloAlertEvent> resolved = new ArrayList<>();
  private Slo slo;

  @BeforeEach
  void healthyHour() {
    slo =
        Slo.create(
            Slo.named("checkout").objective(0.999).window(Duration.ofDays(30)).build(), clock);
    slo.addListener(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent event) {
            fired.add(event);
          }

          @Override
          public void alertResolved(SloAlertEvent event) {
            resolved.add(event);
          }
        });
    for (int minute = 0; minute < 3 * 24 * 60 - 60; minute++) {
      clock.advance(Duration.ofMinutes(1));
      slo.record(50 * 60, 0);
    }
    assertThat(slo.evaluate()).noneMatch(AlertState::firing);
    for (int s = 0; s < 3600; s++) {
      clock.advance(Duration.ofSeconds(1));
      slo.record(50, 0);
      if (s % 10 == 0) {
        assertThat(slo.evaluate()).noneMatch(AlertState::firing);
      }
    }
  }

  /** Runs {@code good}/{@code bad} per second until a page fires; returns the seconds taken. */
  private long secondsUntilPage(long good, long bad, long limitSeconds) {
    for (long s = 1; s <= limitSeconds; s++) {
      clock.advance(Duration.ofSeconds(1));
      slo.record(good, bad);
      slo.evaluate();
      if (slo.isFiring(Severity.PAGE)) {
        return s;
      }
    }
    return -1;
  }

  @Test
  void withOnlyAnHourOfHistoryTheSixHourPairFiresFirst() {
    // A fresh SLO whose 6h window holds one hour of traffic: the 6h/30m pair (factor 6) sees the
    // same error ratio as the 1h window and fires at 0.006 x 3600 s = 21.6 s of total outage.
    Slo fresh =
        Slo.create(
            Slo.named("fresh").objective(0.999).window(Duration.ofDays(30)).build(), clock);
    for (int s = 0; s < 3600; s++) {
      clock.advance(Duration.ofSeconds(1));
      fresh.record(50, 0);
    }
    long observed = -1;
    for (long s = 1; s <= 600 && observed < 0; s++) {
      clock.advance(Duration.ofSeconds(1));
      fresh.record(0, 50);
      List<AlertState> states = fresh.evaluate();
      if (states.get(1).firing()) {
        observed = s;
        assertThat(states.get(0).firing()).isFalse();
      }
    }
    System.out.println("workbook, 1h history: 100% errors -> 6h/30m page after " + observed + " s");
    assertThat((double) observed).isCloseTo(21.6, within((double) BUCKET.toSeconds()));
  }

  @Test
  void totalOutagePagesAfterAboutFiftyTwoSeconds() {
    // 1h error ratio must exceed 14.4 x 0.1%: 0.0144 x 3600 s = 51.84 s of errors.
    long observed = secondsUntilPage(0, 50, 600);
    System.out.println("workbook: 100% errors -> 1h/5m page after " + observed + " s");

    assertThat((double) observed).isCloseTo(51.84, within((double) BUCKET.toSeconds()));
    assertThat(fired).hasSize(1);
    SloAlertEvent e = fired.get(0);
    assertThat(e.slo()).isEqualTo("checkout");
    assertThat(e.severity()).isEqualTo(Severity.PAGE);
    assertThat(e.longWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(e.shortWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e.factor()).isEqualTo(14.4);
    assertThat(e.longBurnRate()).isGreaterThan(14.4);
    assertThat(e.shortBurnRate()).isGreaterThan(14.4);
    // ~2% of the 30-day budget is gone when the fast page fires.
    assertThat(e.windowBudgetConsumed()).isCloseTo(0.02, within(0.001));
    assertThat(e.at()).isEqualTo(clock.instant());
  }

  @Test
  void steadyTwoPercentErrorsPageAfterAboutFortyThreeMinutes() {
    // burn 20: 0.02 x t / 3600 s > 0.0144 -> t = 2592 s = 43.2 min.
    long observed = secondsUntilPage(49, 1, 4000);
    System.out.println(
        "workbook: 2% errors (burn 20) -> 1h/5m page after " + observed + " s ("
            + observed / 60.0 + " min)");

    assertThat((double) observed).isCloseTo(2592, within((double) BUCKET.toSeconds()));
    assertThat(fired).extracting(SloAlertEvent::longWindow).containsExactly(Duration.ofHours(1));
    assertThat(fired.get(0).longBurnRate()).isCloseTo(14.4, within(0.1));
    assertThat(fired.get(0).shortBurnRate()).isCloseTo(20.0, within(0.5));
  }

  @Test
  void steadyHalfBurnNeverFiresInFourDays() {
    // 0.05% errors: burn 0.5, under every factor (the lowest, the 3d/6h ticket, is 1).
    for (int minute = 0; minute < 4 * 24 * 60; minute++) {
      clock.advance(Duration.ofMinutes(1));
      slo.record(1999 * 60, 60);
      List<AlertState> states = slo.evaluate();
      assertThat(states).noneMatch(AlertState::firing);
    }
    System.out.println("workbook: 0.05% errors (burn 0.5) -> nothing fired in 4 days");

    assertThat(slo.burnRate(Duration.ofDays(3))).isCloseTo(0.5, within(0.01));
    assertThat(fired).isEmpty();
  }

  @Test
  void firingPageResolvesOnceTheShortWindowRecovers() {
    long toFire = secondsUntilPage(0, 50, 600);
    assertThat(toFire).isPositive();
    long recovery = -1;
    for (long s = 1; s <= 900; s++) {
      clock.advance(Duration.ofSeconds(1));
      slo.record(50, 0);
      slo.evaluate();
      if (!slo.isFiring(Severity.PAGE)) {
        recovery = s;
        break;
      }
    }
    System.out.println("workbook: page resolved " + recovery + " s after errors stopped");

    // The 5m window holds toFire seconds of errors; it recovers when fewer than
    // 0.0144 x 300 s = 4.3 s of them remain, i.e. about 5 minutes after the errors stopped.
    assertThat((double) recovery)
        .isCloseTo(300 - 4.32, within((double) BUCKET.toSeconds()));
    assertThat(resolved).hasSize(1);
    SloAlertEvent r = resolved.get(0);
    assertThat(r.shortBurnRate()).isLessThanOrEqualTo(14.4);
    assertThat(r.longBurnRate()).isGreaterThan(14.4); // the long window alone keeps no page up
  }

  @Test
  void quietServiceDoesNotPageOnOneFailure() {
    clock.advance(Duration.ofHours(2)); // no traffic at all for two hours
    slo.record(false);

    assertThat(slo.evaluate()).noneMatch(AlertState::firing);
    assertThat(slo.burnRate(Duration.ofMinutes(5))).isCloseTo(1000.0, within(1e-6));
  }

  @Test
  void throwingListenerNeverReachesTheCallerAndOthersStillHearTheChange() {
    assertIsolatedAndCounted(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent event) {
            throw new IllegalStateException("listener bug");
          }
        });
  }

  @Test
  void sneakilyThrownCheckedExceptionFromAListenerIsIsolatedAndCounted() {
    // Regression: only unchecked exceptions were caught, so a checked exception thrown past the
    // compiler escaped evaluate() and the listeners after it never heard the alert.
    assertIsolatedAndCounted(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent event) {
            WorkbookAlertTest.<RuntimeException>sneakyThrow(new java.io.IOException("disk full"));
          }
        });
  }

  /**
   * Adds {@code broken} and then a listener that records, drives the SLO to a page, and checks
   * that the page still came, the second listener heard it and the failure was counted once.
   */
  private void assertIsolatedAndCounted(SloListener broken) {
    List<SloAlertEvent> seen = new ArrayList<>();
    slo.addListener(broken);
    slo.addListener(
        new SloListener() {
          @Override
          public void alertFired(SloAlertEvent event) {
            seen.add(event);
          }
        });

    long observed = secondsUntilPage(0, 50, 600);

    assertThat(observed).isPositive();
    assertThat(seen).hasSize(1);
    assertThat(slo.listenerFailures()).isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }

  @Test
  void budgetExhaustionIsReportedOnceWhenItHappens() {
    Slo small =
        Slo.create(Slo.named("small").objective(0.99).window(Duration.ofHours(1)).build(), clock);
    List<SloSnapshot> exhausted = new ArrayList<>();
    small.addListener(
        new SloListener() {
          @Override
          public void budgetExhausted(SloSnapshot snapshot) {
            exhausted.add(snapshot);
          }
        });
    small.record(1000, 5);
    small.evaluate();
    assertThat(exhausted).isEmpty();

    small.record(0, 10);
    small.evaluate();
    small.evaluate();

    assertThat(exhausted).hasSize(1);
    assertThat(exhausted.get(0).exhausted()).isTrue();
    assertThat(exhausted.get(0).budgetRemaining()).isNegative();
    assertThat(small.alertStates()).isNotEmpty();
  }
}
