package dev.shipshape.examples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.WindowEvents;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Two weeks in the life of a shop's checkout service, compressed into seconds under a {@link
 * ManualClock}: traffic with a daily rhythm, a payments dependency behind a guard that feeds the
 * checkout SLO, health probes, and a progressive rollout of a new checkout path behind a flag,
 * gated by that SLO. At the incident step the new path starts failing; the page alert fires; the
 * rollout halts and rolls back; a fix ships and the rollout resumes; the budget recovers.
 *
 * <p>Everything is driven by the seeded random generator and the manual clock, so a seed gives
 * the same run every time. {@link #run(SimulationOptions)} returns the timeline and samples and
 * writes {@code report.html} and {@code checkout-slo-rules.yml} to the output directory.
 */
public final class ReleaseSimulation {

  /** When the simulation starts: a Monday morning, as the rollout begins. */
  public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  /** The flag that routes users to the new checkout path. */
  public static final String FLAG = "new-checkout";

  /** The checkout SLO's name. */
  public static final String SLO = "checkout";

  /** The guard around the payments dependency. */
  public static final String GUARD = "payments";

  /** How often the report samples the service. */
  public static final Duration SAMPLE_INTERVAL = Duration.ofMinutes(5);

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final int USERS = 20_000;

  private final SimulationOptions options;
  private final ManualClock clock = ManualClock.at(START);
  private final SplittableRandom random;
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private final List<Sample> samples = new ArrayList<>();
  private final EvaluationContext[] users = new EvaluationContext[USERS];
  private @Nullable Instant incidentStartedAt;
  private @Nullable Instant haltedAt;
  private boolean incidentDone;
  private long requests;
  private long failed;
  private long sampleRequests;
  private long sampleFailed;
  private long dayRequests;
  private long dayFailed;

  private ReleaseSimulation(SimulationOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
    for (int i = 0; i < USERS; i++) {
      users[i] = EvaluationContext.of("user-" + i);
    }
  }

  /**
   * The checkout SLO of the simulated shop: 99.9% of checkouts succeed within one second, over
   * 28 days, with the SRE Workbook's burn-rate alerts.
   *
   * @return the definition
   */
  public static SloDefinition checkoutSlo() {
    return Slo.named(SLO)
        .service("shop")
        .description("Checkouts that are paid within one second")
        .objective(0.999)
        .window(Duration.ofDays(28))
        .latencyThreshold(Duration.ofSeconds(1))
        .build();
  }

  /**
   * The flag definition the rollout moves: a two-way split starting with nobody on.
   *
   * @return flagd JSON for one flag
   */
  static String flagJson() {
    return "{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\"off\","
        + "\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]},"
        + "\"metadata\":{\"owner\":\"checkout-team\"}}";
  }

  /**
   * Runs the simulation and writes its report and rules.
   *
   * @param options the options
   * @return what happened
   * @throws IOException if the output cannot be written
   */
  public static SimulationResult run(SimulationOptions options) throws IOException {
    return new ReleaseSimulation(options).execute();
  }

  private SimulationResult execute() throws IOException {
    Ticker wall = Ticker.of(Clock.systemUTC());
    long wallStart = wall.read();
    Files.createDirectories(options.output());
    SloDefinition sloDefinition = checkoutSlo();
    InMemoryFlagSource flagSource = FlagSource.inMemory().putFlag(FLAG, flagJson());
    TimelineSink sink = new TimelineSink(timeline);

    // The whole service, wired in one place: flags, the SLO, health, the guarded dependency and
    // the SLO-gated rollout, all on the manual clock.
    Shipshape ship =
        Shipshape.builder()
            .clock(clock)
            .logging(false)
            .healthExecutor(Runnable::run)
            .flags(flagSource)
            .slo(sloDefinition)
            .healthCheck(
                "database",
                () -> HealthResult.up().withDetail("pool", "8/8"),
                CheckOptions.of(Probe.READINESS, Probe.LIVENESS))
            .guard(
                GUARD,
                g ->
                    g.timeout(Duration.ofSeconds(1))
                        .retry(3, Duration.ofMillis(100))
                        .circuitBreaker(
                            CircuitBreakerConfig.custom()
                                .slidingWindowSize(50)
                                .minimumNumberOfCalls(20)
                                .failureRateThreshold(50)
                                .waitDurationInOpenState(Duration.ofSeconds(60))
                                .permittedNumberOfCallsInHalfOpenState(5)
                                .build())
                        .slo(SLO)
                        .executor(Runnable::run))
            .rollout(
                FLAG,
                r ->
                    r.steps(steps())
                        .every(options.stepInterval())
                        .haltOn(SLO)
                        .rollBackOnHalt())
            .telemetry(sink)
            .build();
    try {
      Guard payments = ship.guard(GUARD);
      Rollout rollout = ship.rollouts().get(FLAG);
      Scheduler scheduler = ship.scheduler();
      SimulatedPayments dependency = new SimulatedPayments(scheduler, random.split());
      Slo slo = ship.slo(SLO);
      ship.health().markStarted();
      sink.onRollout =
          e -> {
            if (!incidentDone
                && incidentStartedAt == null
                && options.incidentStep() > 0
                && e.transition() == Transition.ADVANCED
                && e.toPercent() >= options.incidentStep()) {
              incidentStartedAt = e.at();
              dependency.rejectNewPayloads(true);
              add(
                  e.at(),
                  TimelineEntry.Kind.SCENARIO,
                  String.format(
                      Locale.ROOT,
                      "incident: at %s%% the new checkout path starts failing %.0f%% of its"
                          + " payments (payments rejects its discount payloads)",
                      TimelineText.pct(e.toPercent()),
                      options.incidentErrorRate() * 100));
            }
            if ((e.transition() == Transition.HALTED || e.transition() == Transition.ROLLED_BACK)
                && haltedAt == null) {
              haltedAt = e.at();
              if (incidentStartedAt != null && !options.fixAfter().isZero()) {
                scheduler.schedule(
                    "ship-fix",
                    options.fixAfter(),
                    () -> {
                      incidentDone = true;
                      dependency.rejectNewPayloads(false);
                      add(
                          clock.instant(),
                          TimelineEntry.Kind.SCENARIO,
                          "fix deployed: the new path sends payloads payments accepts; the"
                              + " rollout is resumed");
                      rollout.resume();
                    });
              }
            }
          };
      scheduleOutage(scheduler, dependency);
      scheduler.scheduleEvery(
          "readiness-probe",
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          () -> ship.health().reportAsync(Probe.READINESS));
      scheduler.scheduleEvery(
          "report-sample",
          SAMPLE_INTERVAL,
          SAMPLE_INTERVAL,
          () -> sample(slo, rollout.percent()));
      scheduler.scheduleEvery(
          "daily-summary",
          Duration.ofDays(1),
          Duration.ofDays(1),
          () -> daySummary(slo, rollout));
      sample(slo, rollout.percent());

      Traffic traffic = new Traffic(random, options.requestsPerSecond());
      Flags flags = ship.flags();
      List<Supplier<CompletionStage<String>>> charges = charges(dependency);
      long seconds = options.days() * 86_400L;
      for (long s = 0; s < seconds; s++) {
        int n = traffic.arrivals(clock.millis() / 1000);
        for (int i = 0; i < n; i++) {
          checkout(flags, payments, charges);
        }
        clock.advance(TICK);
      }

      Path report = options.output().resolve("report.html");
      Path rules = options.output().resolve("checkout-slo-rules.yml");
      PrometheusRules.write(rules, List.of(sloDefinition));
      long wallNanos = wall.read() - wallStart;
      SimulationResult result =
          new SimulationResult(
              options,
              START,
              clock.instant(),
              List.copyOf(timeline),
              List.copyOf(samples),
              sloDefinition,
              slo.snapshot(),
              slo.evaluate(),
              rollout.history(),
              rollout.state(),
              rollout.percent(),
              requests,
              failed,
              dependency.attempts(),
              incidentStartedAt,
              haltedAt,
              report,
              rules,
              Duration.ofNanos(wallNanos));
      Files.writeString(report, HtmlReport.render(result));
      return result;
    } finally {
      ship.close();
    }
  }

  private double[] steps() {
    return options.steps().stream().mapToDouble(Double::doubleValue).toArray();
  }

  private void checkout(
      Flags flags, Guard payments, List<Supplier<CompletionStage<String>>> charges) {
    EvaluationContext user = users[random.nextInt(USERS)];
    boolean newPath = flags.booleanValue(FLAG, false, user);
    boolean discounted = random.nextDouble() < options.incidentErrorRate();
    payments.callAsync(charges.get((newPath ? 2 : 0) + (discounted ? 1 : 0))).handle(count);
  }

  /**
   * The four kinds of payment a checkout makes (old or new path, with or without a discount), by
   * index {@code 2 * newPath + discounted}: each starts one attempt on the dependency.
   */
  private static List<Supplier<CompletionStage<String>>> charges(SimulatedPayments dependency) {
    List<Supplier<CompletionStage<String>>> charges = new ArrayList<>(4);
    for (int i = 0; i < 4; i++) {
      boolean newPath = i >= 2;
      boolean discounted = (i & 1) == 1;
      charges.add(() -> dependency.charge(newPath, discounted));
    }
    return List.copyOf(charges);
  }

  /**
   * Counts a finished checkout. It follows the call's stage with {@code handle}, whose stage ends
   * with the function's value: {@code whenComplete}'s would fail with a new {@code
   * CompletionException} for every failed checkout, though nobody reads it.
   */
  private final BiFunction<String, Throwable, @Nullable Void> count =
      (ok, error) -> {
        requests++;
        sampleRequests++;
        dayRequests++;
        if (error != null) {
          failed++;
          sampleFailed++;
          dayFailed++;
        }
        return null;
      };


  private void scheduleOutage(Scheduler scheduler, SimulatedPayments dependency) {
    if (options.outageAtDay() < 0 || options.outageAtDay() >= options.days()) {
      return;
    }
    Duration at = Duration.ofSeconds(Math.round(options.outageAtDay() * 86_400));
    scheduler.schedule(
        "payments-outage",
        at,
        () -> {
          dependency.down(true);
          add(
              clock.instant(),
              TimelineEntry.Kind.SCENARIO,
              "payments outage: the dependency refuses every connection for "
                  + TimelineText.human(options.outageLength()));
        });
    scheduler.schedule(
        "payments-recovery",
        at.plus(options.outageLength()),
        () -> {
          dependency.down(false);
          add(clock.instant(), TimelineEntry.Kind.SCENARIO, "payments is back");
        });
  }

  private void sample(Slo slo, double percent) {
    samples.add(
        new Sample(
            clock.instant(),
            percent,
            slo.snapshot().budgetRemaining(),
            slo.burnRate(Duration.ofMinutes(5)),
            slo.burnRate(Duration.ofHours(1)),
            slo.burnRate(Duration.ofHours(6)),
            sampleRequests,
            sampleFailed));
    sampleRequests = 0;
    sampleFailed = 0;
  }

  private void daySummary(Slo slo, Rollout rollout) {
    var snap = slo.snapshot();
    WindowEvents day = slo.events(Duration.ofDays(1));
    add(
        clock.instant(),
        TimelineEntry.Kind.DAY,
        String.format(
            Locale.ROOT,
            "day summary: %,d checkouts, %,d bad for the SLO (%,d failed, the rest slow);"
                + " budget remaining %.1f%%; rollout %s%% (%s)",
            day.total(),
            day.bad(),
            dayFailed,
            snap.budgetRemaining() * 100,
            TimelineText.pct(rollout.percent()),
            rollout.state().name().toLowerCase(Locale.ROOT)));
    dayRequests = 0;
    dayFailed = 0;
  }

  private void add(Instant at, TimelineEntry.Kind kind, String text) {
    timeline.add(new TimelineEntry(at, kind, text));
  }
}
