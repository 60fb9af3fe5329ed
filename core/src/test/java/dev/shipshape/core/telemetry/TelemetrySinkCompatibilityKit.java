package dev.shipshape.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import static dev.shipshape.core.telemetry.TelemetryEvents.evaluation;
import static dev.shipshape.core.telemetry.TelemetryEvents.exhausted;
import static dev.shipshape.core.telemetry.TelemetryEvents.fired;
import static dev.shipshape.core.telemetry.TelemetryEvents.flagSetChanged;
import static dev.shipshape.core.telemetry.TelemetryEvents.resolved;
import static dev.shipshape.core.telemetry.TelemetryEvents.sourceFailed;

import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.guard.CircuitBreakerSnapshot.State;
import dev.shipshape.core.guard.GuardConfig;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.flags.ErrorCode;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.Reason;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every metrics-producing telemetry sink passes, so that each sees the same events
 * the same way: the same metric names, the same tag keys and values, the same counts, bounded
 * cardinality, isolation from odd input, and exact totals under concurrent delivery.
 *
 * <p>A concrete test supplies a fresh sink and reads its metrics back by name and tags; tag
 * arguments are alternating keys and values, and a series matches when its tags include them.
 */
public abstract class TelemetrySinkCompatibilityKit {

  /** The instant every event in the kit happens at. */
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final Map<String, Long> sinkFailures = new ConcurrentHashMap<>();
  // held strongly, as the facade holds its context: Micrometer's function counters keep only a
  // weak reference to the object they read
  private @Nullable TelemetryContext context;
  private ManualClock clock = ManualClock.create();
  private @Nullable Scheduler scheduler;
  private @Nullable Health health;
  private @Nullable Flags flags;

  /**
   * The SLO the bound context offers: {@code checkout}, objective 0.99 over 28 days with the
   * workbook's four alert pairs; tests record into it.
   */
  protected Slo checkout;

  /** The sink under test, created and bound before each test and closed after it. */
  protected TelemetrySink sink;

  /**
   * Creates the sink under test; called once per test.
   *
   * @return a new sink
   */
  protected abstract TelemetrySink createSink();

  /**
   * The total of the counter {@code name} over every series whose tags include {@code tags}.
   *
   * @param name the metric name, such as {@code shipshape.flag.evaluations}
   * @param tags alternating tag keys and values
   * @return the total, 0 when no series matches
   */
  protected abstract double counterValue(String name, String... tags);

  /**
   * The value of the gauge {@code name} whose tags include {@code tags}.
   *
   * @param name the metric name
   * @param tags alternating tag keys and values, selecting one series
   * @return the value, or null when no such series is reported
   */
  protected abstract @Nullable Double gaugeValue(String name, String... tags);

  /**
   * The firing gauge of the checkout SLO's alert pair that {@code tags} select.
   *
   * @param tags alternating tag keys and values besides the SLO's name
   * @return 1 while the pair fires, 0 while it does not, null when it is not reported
   */
  private @Nullable Double checkoutFiring(String... tags) {
    List<String> all = new ArrayList<>(List.of("slo", "checkout"));
    all.addAll(List.of(tags));
    return gaugeValue("shipshape.slo.alert.firing", all.toArray(String[]::new));
  }

  /**
   * How many durations the timer (or histogram) {@code name} recorded over the matching series.
   *
   * @param name the metric name
   * @param tags alternating tag keys and values
   * @return the count, 0 when no series matches
   */
  protected abstract long timerCount(String name, String... tags);

  /**
   * The cumulative counts of the histogram {@code name} per bucket upper bound in seconds, over
   * the matching series; the last bound is positive infinity.
   *
   * @param name the metric name
   * @param tags alternating tag keys and values
   * @return bound to the count of durations at or under it
   */
  protected abstract Map<Double, Long> histogramBuckets(String name, String... tags);

  /**
   * Every meter the sink exports right now, as the exporter describes it.
   *
   * @return the meters
   */
  protected abstract List<ExportedMeter> exportedMeters();

  /**
   * The unit the exporter should report for {@code meter}, in its own notation.
   *
   * @param meter a catalogue meter
   * @return the unit as {@link ExportedMeter#unit()} gives it
   */
  protected abstract String expectedUnit(MeterDescriptor meter);

  /**
   * Whether the exporter can create a histogram series before its first value (Micrometer can;
   * the OpenTelemetry API has no way to).
   *
   * @return true when guarded-call histograms exist at 0 from the start
   */
  protected abstract boolean histogramsExistBeforeTheirFirstValue();

  /**
   * One meter as an exporter describes it.
   *
   * @param name its name
   * @param type counter, gauge or histogram
   * @param unit its unit, in the exporter's notation
   * @param description its description
   * @param series the tag sets of its series
   */
  public record ExportedMeter(
      String name,
      MeterDescriptor.Type type,
      String unit,
      String description,
      List<Map<String, String>> series) {}

  /**
   * How many distinct tag sets the metric {@code name} has.
   *
   * @param name the metric name
   * @return the number of series
   */
  protected abstract int seriesCount(String name);

  @BeforeEach
  void createAndBindSink() {
    clock = ManualClock.at(T0);
    Scheduler s = Scheduler.manual(clock);
    scheduler = s;
    Health h =
        Health.builder()
            .clock(clock)
            .scheduler(s)
            .check("db", HealthResult::up, Probe.READINESS)
            .build();
    health = h;
    Flags f = Flags.builder().clock(clock).scheduler(s).source(FlagSource.inMemory()).build();
    flags = f;
    checkout =
        Slo.create(
            SloDefinition.builder("checkout").objective(0.99).window(Duration.ofDays(28)).build(),
            clock);
    sink = createSink();
    KitContext bound =
        new KitContext(
            clock,
            f,
            Map.of("checkout", checkout),
            h,
            List.of("slf4j", "flaky", sink.name()),
            sinkFailures,
            List.of(
                GuardConfig.builder("payments").circuitBreaker().build(),
                GuardConfig.builder("search").build()),
            List.of(RolloutConfig.builder("new-checkout").build()));
    context = bound;
    sink.bind(bound);
  }

  @AfterEach
  void closeSink() {
    sink.close();
    if (health != null) {
      health.close();
    }
    if (flags != null) {
      flags.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  private static FlagEvaluated evaluation(
      String flag,
      Object value,
      @Nullable String variant,
      Reason reason,
      @Nullable ErrorCode error) {
    return TelemetryEvents.evaluation(flag, value, variant, reason, error, T0);
  }

  @Test
  void wantsEveryKindOfEventItReportsOn() {
    for (TelemetryEvent.Kind kind : TelemetryEvent.Kind.values()) {
      assertThat(sink.wants(kind)).as("wants %s", kind).isTrue();
    }
  }

  @Test
  void countsFlagEvaluationsByFlagVariantReasonAndError() {
    sink.accept(evaluation("new-checkout", true, "on", Reason.SPLIT, null));
    sink.accept(evaluation("new-checkout", true, "on", Reason.SPLIT, null));
    sink.accept(evaluation("new-checkout", false, "off", Reason.TARGETING_MATCH, null));
    sink.accept(evaluation("new-checkout", false, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH));
    sink.accept(evaluation("banner", "blue", null, Reason.DISABLED, null));

    String name = "shipshape.flag.evaluations";
    assertThat(
            counterValue(
                name, "flag", "new-checkout", "variant", "on", "reason", "split", "error", "none"))
        .isEqualTo(2.0);
    assertThat(counterValue(name, "variant", "off", "reason", "targeting_match")).isEqualTo(1.0);
    assertThat(
            counterValue(
                name, "flag", "new-checkout", "variant", "none", "reason", "error", "error",
                "type_mismatch"))
        .isEqualTo(1.0);
    assertThat(counterValue(name, "flag", "banner", "variant", "none", "reason", "disabled"))
        .isEqualTo(1.0);
    assertThat(counterValue(name, "flag", "new-checkout")).isEqualTo(4.0);
    assertThat(seriesCount(name)).isEqualTo(4);
  }

  @Test
  void capsUndefinedFlagKeysSoCallersCannotExplodeCardinality() {
    int cap = MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS;
    for (int i = 0; i < cap + 450; i++) {
      sink.accept(evaluation("typo-" + i, false, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND));
    }
    String name = "shipshape.flag.evaluations";
    assertThat(seriesCount(name)).isEqualTo(cap + 1);
    assertThat(counterValue(name, "flag", "typo-0")).isEqualTo(1.0);
    assertThat(counterValue(name, "flag", "_unknown", "error", "flag_not_found")).isEqualTo(450.0);
    assertThat(counterValue(name, "error", "flag_not_found")).isEqualTo(cap + 450.0);
  }

  @Test
  void cutsEveryLongTagValueToTheCatalogueBoundKeepingDistinctValuesApart() {
    String key = HostileFlagKeys.UNDEFINED;
    String variant = "v".repeat(100_000);
    String surrogateAtCut = HostileFlagKeys.PAIR_AT_CUT;
    sink.accept(evaluation(key, true, variant, Reason.SPLIT, null));
    sink.accept(evaluation(key, true, variant, Reason.SPLIT, null));
    sink.accept(evaluation(HostileFlagKeys.SHARED_A, true, "on", Reason.STATIC, null));
    sink.accept(evaluation(HostileFlagKeys.SHARED_B, true, "on", Reason.STATIC, null));
    sink.accept(evaluation(surrogateAtCut, true, "on", Reason.STATIC, null));
    sink.accept(sourceFailed("u".repeat(100_000), "unreadable", null, T0, T0));
    sink.accept(call("g".repeat(100_000), GuardedCallCompleted.Outcome.SUCCESS, 1, null));
    sink.accept(
        new CircuitBreakerStateChanged("g".repeat(100_000), State.CLOSED, State.OPEN, T0));
    sink.accept(
        HealthStatusChanged.ofCheck("c".repeat(100_000), null, HealthStatus.UP, null, T0));
    sink.accept(
        new RolloutStepChanged(
            "r", "f".repeat(100_000), RolloutStepChanged.Transition.STARTED, 0, 1, "step", T0));
    sink.accept(exhausted("o".repeat(100_000), 0.99, Duration.ofDays(28), 1, 1, -1.0, T0));

    int bound = MeterCatalogue.MAX_TAG_VALUE_LENGTH;
    for (ExportedMeter meter : exportedMeters()) {
      for (Map<String, String> series : meter.series()) {
        series.forEach(
            (tag, value) -> {
              assertThat(value.length()).as("%s %s", meter.name(), tag).isLessThanOrEqualTo(bound);
              assertThat(wellFormed(value)).as("%s %s: %s", meter.name(), tag, value).isTrue();
            });
      }
    }
    String name = "shipshape.flag.evaluations";
    String cutKey = MeterCatalogue.tagValue(key);
    assertThat(cutKey)
        .hasSize(bound)
        .startsWith("x".repeat(117) + "...")
        .matches(".*\\.\\.\\.[0-9a-f]{8}");
    assertThat(counterValue(name, "flag", cutKey, "variant", MeterCatalogue.tagValue(variant)))
        .isEqualTo(2.0);
    String cutA = MeterCatalogue.tagValue(HostileFlagKeys.SHARED_A);
    String cutB = MeterCatalogue.tagValue(HostileFlagKeys.SHARED_B);
    assertThat(cutA).as("two keys sharing a 2,000-character prefix").isNotEqualTo(cutB);
    assertThat(counterValue(name, "flag", cutA)).isEqualTo(1.0);
    assertThat(counterValue(name, "flag", cutB)).isEqualTo(1.0);
    assertThat(counterValue(name, "flag", MeterCatalogue.tagValue(surrogateAtCut)))
        .isEqualTo(1.0);
    assertThat(MeterCatalogue.tagValue(surrogateAtCut))
        .as("one character fewer rather than half a pair")
        .startsWith("s".repeat(116) + "...")
        .hasSize(bound - 1);
    assertThat(seriesCount(name)).isEqualTo(4);
    String source = MeterCatalogue.tagValue("u".repeat(100_000));
    assertThat(counterValue("shipshape.flag.source.failures", "source", source)).isEqualTo(1.0);
    String guard = MeterCatalogue.tagValue("g".repeat(100_000));
    assertThat(counterValue("shipshape.guard.circuit.transitions", "guard", guard, "to", "open"))
        .isEqualTo(1.0);
    String check = MeterCatalogue.tagValue("c".repeat(100_000));
    assertThat(gaugeValue("shipshape.health.check.status", "check", check)).isEqualTo(1.0);
  }

  @Test
  void countsCutUndefinedFlagKeysWithinTheCap() {
    int cap = MeterCatalogue.MAX_UNKNOWN_FLAG_TAGS;
    String prefix = "k".repeat(2_000);
    for (int i = 0; i < cap + 10; i++) {
      sink.accept(evaluation(prefix + i, false, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND));
    }
    sink.accept(evaluation(prefix + 0, false, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND));
    String name = "shipshape.flag.evaluations";
    assertThat(seriesCount(name)).isEqualTo(cap + 1);
    assertThat(counterValue(name, "flag", MeterCatalogue.tagValue(prefix + 0))).isEqualTo(2.0);
    assertThat(counterValue(name, "flag", MeterCatalogue.UNKNOWN_FLAG)).isEqualTo(10.0);
  }

  /** Whether every surrogate in {@code s} is half of a pair. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void reportsProbeAndCheckStatusAsOneForUpAndZeroOtherwise() {
    sink.accept(HealthStatusChanged.ofProbe(Probe.READINESS, null, HealthStatus.UP, T0));
    sink.accept(HealthStatusChanged.ofProbe(Probe.LIVENESS, null, HealthStatus.UP, T0));
    sink.accept(HealthStatusChanged.ofCheck("db", null, HealthStatus.UP, null, T0));
    sink.accept(HealthStatusChanged.ofCheck("cache", null, HealthStatus.UP, null, T0));
    sink.accept(
        HealthStatusChanged.ofProbe(Probe.READINESS, HealthStatus.UP, HealthStatus.DOWN, T0));
    sink.accept(
        HealthStatusChanged.ofCheck(
            "db", HealthStatus.UP, HealthStatus.DOWN, "connection refused", T0));
    sink.accept(
        HealthStatusChanged.ofCheck(
            "cache", HealthStatus.UP, HealthStatus.OUT_OF_SERVICE, "draining", T0));

    assertThat(gaugeValue("shipshape.health.status", "probe", "readiness")).isEqualTo(0.0);
    assertThat(gaugeValue("shipshape.health.status", "probe", "liveness")).isEqualTo(1.0);
    assertThat(gaugeValue("shipshape.health.check.status", "check", "db")).isEqualTo(0.0);
    assertThat(gaugeValue("shipshape.health.check.status", "check", "cache")).isEqualTo(0.0);

    sink.accept(
        HealthStatusChanged.ofProbe(Probe.READINESS, HealthStatus.DOWN, HealthStatus.UP, T0));
    assertThat(gaugeValue("shipshape.health.status", "probe", "readiness")).isEqualTo(1.0);
  }

  @Test
  void tracksWhetherEachAlertPairFires() {
    Duration hour = Duration.ofHours(1);
    Duration fiveMinutes = Duration.ofMinutes(5);
    SloAlertFired page =
        fired("checkout", Severity.PAGE, hour, fiveMinutes, 14.4, 20.0, 30.0, 0.028, 0.1, T0);
    sink.accept(page);
    sink.accept(
        fired(
            "checkout", Severity.PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 6.0, 7.0, 8.0,
            0.06, 0.1, T0));

    assertThat(checkoutFiring("severity", "page", "long_window", "1h", "short_window", "5m"))
        .isEqualTo(1.0);
    assertThat(checkoutFiring("long_window", "6h", "short_window", "30m")).isEqualTo(1.0);

    sink.accept(resolved(page, 2.0, 1.0, 0.12, T0.plus(hour)));
    assertThat(checkoutFiring("long_window", "1h")).isEqualTo(0.0);
    assertThat(checkoutFiring("long_window", "6h")).isEqualTo(1.0);

    String changes = "shipshape.slo.alert.changes";
    assertThat(counterValue(changes, "slo", "checkout", "state", "fired")).isEqualTo(2.0);
    assertThat(
            counterValue(
                changes, "severity", "page", "long_window", "1h", "short_window", "5m", "state",
                "resolved"))
        .isEqualTo(1.0);
  }

  @Test
  void countsBudgetExhaustionsFlagSetChangesAndSourceFailures() {
    sink.accept(exhausted("checkout", 0.999, Duration.ofDays(28), 9_000, 20, -1.2, T0));
    sink.accept(flagSetChanged(Set.of("a"), Set.of(), Set.of("b", "c"), T0));
    sink.accept(flagSetChanged(Set.of(), Set.of("a"), Set.of(), T0));
    sink.accept(
        sourceFailed("flags.json", "/flags/x/defaultVariant: unknown variant", null, T0, T0));
    sink.accept(
        sourceFailed(
            "flags.json", "unreadable", new java.io.IOException("gone"), T0, T0.plusSeconds(5)));

    assertThat(counterValue("shipshape.slo.budget.exhaustions", "slo", "checkout"))
        .isEqualTo(1.0);
    assertThat(counterValue("shipshape.flag.set.changes")).isEqualTo(2.0);
    assertThat(counterValue("shipshape.flag.source.failures", "source", "flags.json"))
        .isEqualTo(2.0);
  }

  @Test
  void timesGuardedCallsByOutcomeAndCountsCircuitTransitions() {
    sink.accept(call("payments", GuardedCallCompleted.Outcome.SUCCESS, 1, null));
    sink.accept(call("payments", GuardedCallCompleted.Outcome.SUCCESS, 2, null));
    sink.accept(
        call(
            "payments",
            GuardedCallCompleted.Outcome.FAILURE,
            3,
            new IllegalStateException("declined")));
    sink.accept(
        call("payments", GuardedCallCompleted.Outcome.REJECTED_BY_CIRCUIT_BREAKER, 0, null));
    sink.accept(new CircuitBreakerStateChanged("payments", State.CLOSED, State.OPEN, T0));
    sink.accept(new CircuitBreakerStateChanged("payments", State.OPEN, State.HALF_OPEN, T0));

    String calls = "shipshape.guard.calls";
    assertThat(timerCount(calls, "guard", "payments", "outcome", "success")).isEqualTo(2);
    assertThat(timerCount(calls, "guard", "payments", "outcome", "failure")).isEqualTo(1);
    assertThat(timerCount(calls, "outcome", "rejected_by_circuit_breaker")).isEqualTo(1);
    assertThat(timerCount(calls, "guard", "payments")).isEqualTo(4);
    String transitions = "shipshape.guard.circuit.transitions";
    assertThat(counterValue(transitions, "guard", "payments", "to", "open")).isEqualTo(1.0);
    assertThat(counterValue(transitions, "to", "half_open")).isEqualTo(1.0);
    assertThat(counterValue(transitions, "guard", "payments", "to", "closed")).isEqualTo(0.0);
  }

  private static GuardedCallCompleted call(
      String guard, GuardedCallCompleted.Outcome outcome, int attempts, @Nullable Throwable e) {
    return new GuardedCallCompleted(
        guard, outcome, attempts, Duration.ofMillis(120), e, false, T0);
  }

  @Test
  void tracksRolloutShareAndTransitions() {
    sink.accept(rollout(RolloutStepChanged.Transition.STARTED, 0, 1));
    sink.accept(rollout(RolloutStepChanged.Transition.ADVANCED, 1, 5));
    sink.accept(rollout(RolloutStepChanged.Transition.ADVANCED, 5, 25));
    assertThat(gaugeValue("shipshape.rollout.percent", "flag", "new-checkout")).isEqualTo(25.0);
    sink.accept(rollout(RolloutStepChanged.Transition.ROLLED_BACK, 25, 0));
    assertThat(gaugeValue("shipshape.rollout.percent", "flag", "new-checkout")).isEqualTo(0.0);
    String transitions = "shipshape.rollout.transitions";
    assertThat(counterValue(transitions, "flag", "new-checkout", "transition", "advanced"))
        .isEqualTo(2.0);
    assertThat(counterValue(transitions, "transition", "rolled_back")).isEqualTo(1.0);
    assertThat(counterValue(transitions, "flag", "new-checkout")).isEqualTo(4.0);
  }

  private static RolloutStepChanged rollout(
      RolloutStepChanged.Transition transition, double from, double to) {
    return new RolloutStepChanged(
        "new-checkout", "new-checkout", transition, from, to, "step", T0);
  }

  @Test
  void countsEverySloEventByOutcomeForThePrometheusRules() {
    assertThat(counterValue("shipshape.slo.events", "slo", "checkout", "outcome", "good"))
        .isEqualTo(0.0);
    checkout.record(995, 5);
    checkout.record(true);
    checkout.record(false);
    clock.advance(Duration.ofDays(40));
    checkout.record(10, 0);

    assertThat(counterValue("shipshape.slo.events", "slo", "checkout", "outcome", "good"))
        .as("cumulative, beyond the 35-day recording horizon")
        .isEqualTo(1006.0);
    assertThat(counterValue("shipshape.slo.events", "slo", "checkout", "outcome", "bad"))
        .isEqualTo(6.0);
    assertThat(seriesCount("shipshape.slo.events")).isEqualTo(2);
  }

  @Test
  void reportsEachSlosBudgetRemainingAndBurnRatePerWindow() {
    assertThat(gaugeValue("shipshape.slo.budget.remaining", "slo", "checkout"))
        .as("the whole budget without traffic")
        .isEqualTo(1.0);
    assertThat(gaugeValue("shipshape.slo.burn.rate", "slo", "checkout", "window", "1h"))
        .isEqualTo(0.0);

    checkout.record(995, 5);
    clock.advance(Duration.ofMinutes(1));

    assertThat(gaugeValue("shipshape.slo.budget.remaining", "slo", "checkout"))
        .isCloseTo(0.5, within(1e-9));
    for (String window : List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d")) {
      assertThat(gaugeValue("shipshape.slo.burn.rate", "slo", "checkout", "window", window))
          .as("burn rate over %s", window)
          .isCloseTo(0.5, within(1e-9));
    }
    assertThat(seriesCount("shipshape.slo.burn.rate")).isEqualTo(7);

    checkout.record(0, 20);
    assertThat(gaugeValue("shipshape.slo.budget.remaining", "slo", "checkout"))
        .as("overspent")
        .isCloseTo(1.0 - 25.0 / 1020 / 0.01, within(1e-9));
  }

  @Test
  void reportsEveryAlertPairAsNotFiringBeforeItsFirstChange() {
    String firing = "shipshape.slo.alert.firing";
    assertThat(seriesCount(firing)).isEqualTo(4);
    assertThat(checkoutFiring("severity", "page", "long_window", "1h", "short_window", "5m"))
        .isEqualTo(0.0);
    assertThat(checkoutFiring("severity", "ticket", "long_window", "3d")).isEqualTo(0.0);
    sink.accept(
        fired(
            "checkout", Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 1.0, 2.0, 2.0,
            0.2, 0.3, T0));
    assertThat(checkoutFiring("long_window", "3d")).isEqualTo(1.0);
    assertThat(seriesCount(firing)).isEqualTo(4);
  }

  @Test
  void reportsEachSinksFailureCountFromTheContext() {
    sinkFailures.put("flaky", 3L);
    assertThat(counterValue("shipshape.telemetry.sink.failures", "sink", "flaky")).isEqualTo(3.0);
    sinkFailures.put("flaky", 5L);
    assertThat(counterValue("shipshape.telemetry.sink.failures", "sink", "flaky")).isEqualTo(5.0);
    assertThat(counterValue("shipshape.telemetry.sink.failures", "sink", "slf4j")).isEqualTo(0.0);
  }

  @Test
  void acceptsEveryKindOfEventWithOddButValidValues() {
    List<TelemetryEvent> odd = new ArrayList<>();
    odd.add(
        new FlagEvaluated(
            new EvaluationDetails<>(
                "f",
                Map.of("nested", List.of(1, 2.5, "x")),
                null,
                Reason.STATIC,
                null,
                null,
                Map.of("flagSetId", "shop", "version", 7)),
            T0));
    odd.add(TelemetryEvents.evaluation("", "", "", Reason.DEFAULT, ErrorCode.GENERAL, T0));
    odd.add(flagSetChanged(Set.of(), Set.of(), Set.of(), T0));
    odd.add(sourceFailed("s", "", new Error("odd"), T0, T0));
    odd.add(fired("s", Severity.PAGE, Duration.ZERO, Duration.ZERO, 0.0, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NaN, -1.0, T0));
    odd.add(
        resolved(
            fired("s", Severity.TICKET, Duration.ofDays(3), Duration.ofMillis(1500), 1.0, 0.0,
                0.0, 0.0, 0.0, T0),
            0.0, 0.0, 0.0, T0));
    odd.add(exhausted("s", 1.0, Duration.ofDays(35), 0, 0, Double.NEGATIVE_INFINITY, T0));
    odd.add(HealthStatusChanged.ofProbe(Probe.STARTUP, null, HealthStatus.OUT_OF_SERVICE, T0));
    odd.add(HealthStatusChanged.ofCheck("c", null, HealthStatus.DOWN, "", T0));
    odd.add(new GuardedCallCompleted("g", GuardedCallCompleted.Outcome.TIMEOUT, Integer.MAX_VALUE,
        Duration.ZERO, new RuntimeException((String) null), true, T0));
    odd.add(new GuardedCallCompleted("g", GuardedCallCompleted.Outcome.DISABLED_BY_FLAG, 0,
        Duration.ofDays(1), null, true, T0));
    odd.add(new CircuitBreakerStateChanged("g", State.CLOSED, State.FORCED_OPEN, T0));
    odd.add(new RolloutStepChanged("r", "f", RolloutStepChanged.Transition.COMPLETED, 100.0,
        100.0, "", T0));
    for (TelemetryEvent.Kind kind : TelemetryEvent.Kind.values()) {
      assertThat(odd).as("covers %s", kind).anyMatch(e -> e.kind() == kind);
    }
    for (TelemetryEvent e : odd) {
      assertThatCode(() -> sink.accept(e)).as("accepts %s", e).doesNotThrowAnyException();
    }
    assertThat(timerCount("shipshape.guard.calls", "guard", "g")).isEqualTo(2);
    assertThat(gaugeValue("shipshape.health.status", "probe", "startup")).isEqualTo(0.0);
  }

  @Test
  void countsExactlyUnderConcurrentDelivery() throws InterruptedException {
    int threads = 4;
    int perThread = 2_500;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      String variant = t % 2 == 0 ? "on" : "off";
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    sink.accept(evaluation("hot", true, variant, Reason.SPLIT, null));
                    if (i % 100 == 0) {
                      sink.accept(
                          HealthStatusChanged.ofCheck("db", null, HealthStatus.UP, null, T0));
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  done.countDown();
                }
              },
              "kit-worker-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    start.countDown();
    assertThat(done.await(30, TimeUnit.SECONDS)).as("workers finished").isTrue();
    assertThat(failure.get()).isNull();
    String name = "shipshape.flag.evaluations";
    assertThat(counterValue(name, "flag", "hot")).isEqualTo((double) threads * perThread);
    assertThat(counterValue(name, "flag", "hot", "variant", "on"))
        .isEqualTo((double) threads / 2 * perThread);
    assertThat(seriesCount(name)).isEqualTo(2);
    assertThat(gaugeValue("shipshape.health.check.status", "check", "db")).isEqualTo(1.0);
  }


  @Test
  void registersEverySeriesKnownAtBindBeforeItsFirstEvent() {
    // Counters at 0, so that increase() sees the first event; health at "not reported yet".
    String changes = "shipshape.slo.alert.changes";
    assertThat(seriesCount(changes)).as("four pairs, fired and resolved").isEqualTo(8);
    assertThat(
            counterValue(
                changes, "slo", "checkout", "severity", "page", "long_window", "1h",
                "short_window", "5m", "state", "fired"))
        .isEqualTo(0.0);
    assertThat(seriesCount("shipshape.slo.budget.exhaustions")).isEqualTo(1);
    assertThat(seriesCount("shipshape.flag.set.changes")).isEqualTo(1);
    assertThat(seriesCount("shipshape.flag.source.failures")).isEqualTo(1);
    assertThat(seriesCount("shipshape.telemetry.sink.failures")).isEqualTo(3);
    String transitions = "shipshape.guard.circuit.transitions";
    assertThat(seriesCount(transitions))
        .as("every breaker state of the one guard with a breaker")
        .isEqualTo(CircuitBreakerSnapshot.State.values().length);
    assertThat(counterValue(transitions, "guard", "payments", "to", "open")).isEqualTo(0.0);
    assertThat(seriesCount("shipshape.rollout.transitions"))
        .isEqualTo(RolloutStepChanged.Transition.values().length);
    assertThat(gaugeValue("shipshape.rollout.percent", "flag", "new-checkout")).isEqualTo(0.0);
    for (Probe probe : Probe.values()) {
      assertThat(gaugeValue("shipshape.health.status", "probe", probe.label()))
          .as("%s before it reports", probe)
          .isEqualTo(MeterCatalogue.HEALTH_UNKNOWN);
    }
    assertThat(gaugeValue("shipshape.health.check.status", "check", "db"))
        .isEqualTo(MeterCatalogue.HEALTH_UNKNOWN);
    if (histogramsExistBeforeTheirFirstValue()) {
      assertThat(seriesCount("shipshape.guard.calls"))
          .as("every outcome of both guards")
          .isEqualTo(2 * GuardedCallCompleted.Outcome.values().length);
      assertThat(timerCount("shipshape.guard.calls", "guard", "search", "outcome", "timeout"))
          .isZero();
    }
    for (MeterDescriptor meter : MeterCatalogue.all()) {
      if (meter.preRegistered()
          && (meter.type() != MeterDescriptor.Type.HISTOGRAM
              || histogramsExistBeforeTheirFirstValue())) {
        assertThat(seriesCount(meter.name())).as("%s exists before any event", meter.name())
            .isPositive();
      }
    }
  }

  @Test
  void timesGuardedCallsInTheCatalogueBuckets() {
    sink.accept(call("payments", GuardedCallCompleted.Outcome.SUCCESS, 1, null));
    sink.accept(
        new GuardedCallCompleted(
            "payments", GuardedCallCompleted.Outcome.SUCCESS, 1, Duration.ofMillis(7), null, false,
            T0));
    sink.accept(
        new GuardedCallCompleted(
            "payments", GuardedCallCompleted.Outcome.SUCCESS, 1, Duration.ofSeconds(30), null,
            false, T0));

    Map<Double, Long> buckets =
        histogramBuckets("shipshape.guard.calls", "guard", "payments", "outcome", "success");
    List<Double> bounds = new ArrayList<>();
    for (Duration d : MeterCatalogue.GUARD_CALL_BUCKETS) {
      bounds.add(d.toNanos() / 1e9);
    }
    bounds.add(Double.POSITIVE_INFINITY);
    assertThat(buckets.keySet()).containsExactlyElementsOf(bounds);
    assertThat(buckets.get(0.005)).isZero();
    assertThat(buckets.get(0.01)).as("7 ms").isEqualTo(1);
    assertThat(buckets.get(0.1)).isEqualTo(1);
    assertThat(buckets.get(0.25)).as("7 ms and 120 ms").isEqualTo(2);
    assertThat(buckets.get(10.0)).isEqualTo(2);
    assertThat(buckets.get(Double.POSITIVE_INFINITY)).as("and 30 s").isEqualTo(3);
  }

  @Test
  void exportsExactlyTheCatalogueMetersWithTheirTypesUnitsDescriptionsAndTags() {
    // one event of every kind, so that meters created on first use exist too
    sink.accept(evaluation("new-checkout", true, "on", Reason.SPLIT, null));
    sink.accept(evaluation("typo", false, null, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND));
    sink.accept(call("search", GuardedCallCompleted.Outcome.REJECTED_BY_BULKHEAD, 0, null));
    sink.accept(new CircuitBreakerStateChanged("payments", State.CLOSED, State.OPEN, T0));
    sink.accept(HealthStatusChanged.ofCheck("db", null, HealthStatus.DOWN, "refused", T0));
    sink.accept(rollout(RolloutStepChanged.Transition.STARTED, 0, 1));

    Map<String, ExportedMeter> exported = new java.util.TreeMap<>();
    for (ExportedMeter m : exportedMeters()) {
      exported.put(m.name(), m);
    }
    Set<String> catalogue = new java.util.TreeSet<>();
    MeterCatalogue.all().forEach(m -> catalogue.add(m.name()));
    assertThat(exported.keySet()).containsExactlyElementsOf(catalogue);
    for (MeterDescriptor meter : MeterCatalogue.all()) {
      ExportedMeter e = exported.get(meter.name());
      assertThat(e.type()).as("%s type", meter.name()).isEqualTo(meter.type());
      assertThat(e.unit()).as("%s unit", meter.name()).isEqualTo(expectedUnit(meter));
      assertThat(e.description()).as("%s description", meter.name())
          .isEqualTo(meter.description());
      assertThat(e.series()).as("%s series", meter.name()).isNotEmpty();
      for (Map<String, String> series : e.series()) {
        assertThat(new LinkedHashSet<>(series.keySet()))
            .as("%s tag keys", meter.name())
            .containsExactlyInAnyOrderElementsOf(meter.tagKeys());
        for (TagDescriptor tag : meter.tags()) {
          if (tag.fixed()) {
            assertThat(tag.values())
                .as("%s tag %s", meter.name(), tag.key())
                .contains(series.get(tag.key()));
          }
        }
      }
    }
  }

  /**
   * The parts a sink can poll: a manual clock, one empty in-memory flag source, one SLO, a health
   * with one check, two guards (one with a circuit breaker) and one rollout.
   */
  private static final class KitContext implements TelemetryContext {
    private final Clock clock;
    private final Flags flags;
    private final Map<String, Slo> slos;
    private final Health health;
    private final List<String> sinkNames;
    private final Map<String, Long> failures;
    private final List<GuardConfig> guards;
    private final List<RolloutConfig> rollouts;

    KitContext(
        Clock clock,
        Flags flags,
        Map<String, Slo> slos,
        Health health,
        List<String> sinkNames,
        Map<String, Long> failures,
        List<GuardConfig> guards,
        List<RolloutConfig> rollouts) {
      this.clock = clock;
      this.flags = flags;
      this.slos = slos;
      this.health = health;
      this.sinkNames = sinkNames;
      this.failures = failures;
      this.guards = guards;
      this.rollouts = rollouts;
    }

    @Override
    public List<GuardConfig> guardConfigs() {
      return guards;
    }

    @Override
    public List<RolloutConfig> rolloutConfigs() {
      return rollouts;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public Flags flags() {
      return flags;
    }

    @Override
    public Map<String, Slo> slos() {
      return slos;
    }

    @Override
    public Health health() {
      return health;
    }

    @Override
    public List<String> sinkNames() {
      return sinkNames;
    }

    @Override
    public long sinkFailures(String sinkName) {
      return failures.getOrDefault(sinkName, 0L);
    }
  }
}
