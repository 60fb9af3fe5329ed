package dev.shipshape.examples;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.core.telemetry.SloAlertChange;
import dev.shipshape.core.telemetry.SloBudgetExhausted;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

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
    TimelineSink sink = new TimelineSink();

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
                      pct(e.toPercent()),
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

      Flags flags = ship.flags();
      Supplier<CompletionStage<String>>[] charges = charges(dependency);
      long seconds = options.days() * 86_400L;
      for (long s = 0; s < seconds; s++) {
        int n = poisson(rateAt(clock.millis() / 1000));
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

  private void checkout(Flags flags, Guard payments, Supplier<CompletionStage<String>>[] charges) {
    EvaluationContext user = users[random.nextInt(USERS)];
    boolean newPath = flags.booleanValue(FLAG, false, user);
    boolean discounted = random.nextDouble() < options.incidentErrorRate();
    payments.callAsync(charges[(newPath ? 2 : 0) + (discounted ? 1 : 0)]).whenComplete(count);
  }

  /**
   * The four kinds of payment a checkout makes (old or new path, with or without a discount), by
   * index {@code 2 * newPath + discounted}: each starts one attempt on the dependency.
   */
  @SuppressWarnings("unchecked")
  private static Supplier<CompletionStage<String>>[] charges(SimulatedPayments dependency) {
    Supplier<CompletionStage<String>>[] charges = new Supplier[4];
    for (int i = 0; i < 4; i++) {
      boolean newPath = i >= 2;
      boolean discounted = (i & 1) == 1;
      charges[i] = () -> dependency.charge(newPath, discounted);
    }
    return charges;
  }

  /** Counts a finished checkout. */
  private final BiConsumer<String, Throwable> count =
      (ok, error) -> {
        requests++;
        sampleRequests++;
        dayRequests++;
        if (error != null) {
          failed++;
          sampleFailed++;
          dayFailed++;
        }
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
                  + human(options.outageLength()));
        });
    scheduler.schedule(
        "payments-recovery",
        at.plus(options.outageLength()),
        () -> {
          dependency.down(false);
          add(clock.instant(), TimelineEntry.Kind.SCENARIO, "payments is back");
        });
  }

  /** The mean checkout rate at a second since the epoch: a peak mid-afternoon, a trough at night. */
  private double rateAt(long epochSecond) {
    double hour = (epochSecond % 86_400) / 3600.0;
    return options.requestsPerSecond() * (1 + 0.5 * Math.sin(2 * Math.PI * (hour - 9) / 24));
  }

  private int poisson(double mean) {
    if (mean > 30) {
      double v = mean + Math.sqrt(mean) * gaussian();
      return (int) Math.max(0, Math.round(v));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1.0;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private double gaussian() {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
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
            pct(rollout.percent()),
            rollout.state().name().toLowerCase(Locale.ROOT)));
    dayRequests = 0;
    dayFailed = 0;
  }

  private void add(Instant at, TimelineEntry.Kind kind, String text) {
    timeline.add(new TimelineEntry(at, kind, text));
  }

  /**
   * Formats one timeline line: simulated time, day number, kind and text.
   *
   * @param start the simulation's start
   * @param e the entry
   * @return the line
   */
  static String line(Instant start, TimelineEntry e) {
    long day = Duration.between(start, e.at()).toDays();
    return String.format(
        Locale.ROOT,
        "%s  day %2d  %-9s %s",
        TIME.format(LocalDateTime.ofInstant(e.at(), ZoneOffset.UTC)),
        day,
        label(e.kind()),
        e.text());
  }

  private static String label(TimelineEntry.Kind kind) {
    return switch (kind) {
      case ROLLOUT -> "ROLLOUT";
      case ALERT_FIRED -> "ALERT";
      case ALERT_RESOLVED -> "RESOLVED";
      case HEALTH -> "HEALTH";
      case BREAKER -> "BREAKER";
      case SCENARIO -> "SCENARIO";
      case DAY -> "DAY";
    };
  }

  static String pct(double percent) {
    return percent == Math.rint(percent)
        ? Long.toString((long) percent)
        : String.format(Locale.ROOT, "%.1f", percent);
  }

  static String human(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (d.toDays() > 0) {
      b.append(d.toDays()).append('d');
    }
    if (d.toHoursPart() > 0) {
      b.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    return b.toString();
  }

  /** Turns the telemetry stream into timeline lines. */
  private final class TimelineSink implements TelemetrySink {
    Consumer<RolloutStepChanged> onRollout = e -> {};

    @Override
    public boolean wants(TelemetryEvent.Kind kind) {
      return kind != TelemetryEvent.Kind.FLAG_EVALUATED
          && kind != TelemetryEvent.Kind.GUARDED_CALL_COMPLETED;
    }

    @Override
    public String name() {
      return "timeline";
    }

    @Override
    public void accept(TelemetryEvent event) {
      if (event instanceof RolloutStepChanged e) {
        String text =
            "rollout " + e.flag() + " " + e.transition().label() + ": " + pct(e.fromPercent())
                + "% -> " + pct(e.toPercent()) + "%";
        if (e.transition() != Transition.ADVANCED && e.transition() != Transition.STARTED
            && !e.reason().isBlank()) {
          text += " (" + e.reason() + ")";
        }
        add(e.at(), TimelineEntry.Kind.ROLLOUT, text);
        onRollout.accept(e);
      } else if (event instanceof SloAlertChange e) {
        add(
            e.at(),
            e.firing() ? TimelineEntry.Kind.ALERT_FIRED : TimelineEntry.Kind.ALERT_RESOLVED,
            String.format(
                Locale.ROOT,
                "%s %s alert %s: window pair %s/%s, burn rates %.1f (%s) and %.1f (%s) vs"
                    + " threshold %.2f; %.1f%% of the period's budget spent so far",
                e.slo(),
                e.severity().label(),
                e.firing() ? "FIRED" : "resolved",
                human(e.longWindow()),
                human(e.shortWindow()),
                e.longBurnRate(),
                human(e.longWindow()),
                e.shortBurnRate(),
                human(e.shortWindow()),
                e.factor(),
                e.periodBudgetConsumed() * 100));
      } else if (event instanceof HealthStatusChanged e) {
        if (e.previous() == null) {
          return;
        }
        String what =
            e.isProbe()
                ? String.valueOf(e.probe()).toLowerCase(Locale.ROOT) + " probe"
                : "check " + e.check();
        add(
            e.at(),
            TimelineEntry.Kind.HEALTH,
            what + " " + e.previous() + " -> " + e.current()
                + (e.message() == null ? "" : " (" + e.message() + ")"));
      } else if (event instanceof CircuitBreakerStateChanged e) {
        add(
            e.at(),
            TimelineEntry.Kind.BREAKER,
            "circuit breaker " + e.guard() + " " + e.from() + " -> " + e.to());
      } else if (event instanceof SloBudgetExhausted e) {
        add(e.at(), TimelineEntry.Kind.ALERT_FIRED, "SLO " + e.slo() + " error budget exhausted");
      }
    }
  }
}
