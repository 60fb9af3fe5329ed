package dev.shipshape.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.BurnRateAlert;
import dev.shipshape.slo.PrometheusRules;
import dev.shipshape.slo.Severity;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.testsupport.PrometheusServer;
import dev.shipshape.testsupport.ScrapeEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real fleet on loopback: a real Prometheus (2.42, Debian's package) scrapes three Shipshape
 * instances every second and evaluates the SLO rules {@code PrometheusRules} generates, with
 * windows of seconds; one HTTP server serves every instance the same flag document, whose flag
 * carries the plan. Five scenarios in one run, about a minute of real time:
 *
 * <ol>
 *   <li>healthy traffic: the three reach every step at the plan's instants, a user's variant is
 *       the same on every instance at every sampled instant but for the divergence window
 *       measured, and an instance restarted mid-rollout rejoins the fleet's step at its first
 *       poll;
 *   <li>a pause edited into the plan holds every instance over the plan's later steps;
 *   <li>Prometheus stopped before a step boundary: no instance advances; started again with
 *       healthy traffic: the fleet advances;
 *   <li>errors of the new variant from the second step on: every instance halts and rolls back
 *       within the bound derived from the scrape, rule evaluation, window and poll intervals.
 * </ol>
 *
 * <p>The measured times are logged (logger {@code dev.shipshape.fleet.FleetRolloutEndToEndTest})
 * and written to the README. Skipped outside CI when {@code prometheus} is missing.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetRolloutEndToEndTest {

  private static final Logger LOG = LoggerFactory.getLogger(FleetRolloutEndToEndTest.class);

  static final String FLAG = "new-checkout";
  static final Duration SCRAPE = Duration.ofSeconds(1);
  static final Duration EVALUATION = Duration.ofSeconds(1);
  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration QUERY_TIMEOUT = Duration.ofMillis(500);
  static final Duration FLAG_POLL = Duration.ofSeconds(1);
  /** A page pair of 20 s and 10 s at 1x the budget of a 90% SLO: error ratio above 10%. */
  static final Duration LONG_WINDOW = Duration.ofSeconds(20);

  static final double PAGE_RATIO = 0.1;

  static final SloDefinition CHECKOUT =
      Slo.named("checkout")
          .service("shop")
          .objective(0.9)
          .window(Duration.ofHours(1))
          .alerts(List.of(new BurnRateAlert(Severity.PAGE, LONG_WINDOW, Duration.ofSeconds(10), 1)))
          .build();

  /** One slot of the fleet: a metrics endpoint whose port stays while the instance restarts. */
  final class Instance {
    final String name;
    final HttpServer metrics;
    volatile PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    volatile @Nullable Shipshape ship;
    volatile @Nullable FleetGate gate;

    Instance(String name) throws IOException {
      this.name = name;
      metrics = ScrapeEndpoint.start(() -> registry.scrape());
    }

    String target() {
      return "127.0.0.1:" + metrics.getAddress().getPort();
    }

    void start(URI prometheus, URI flags) {
      PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      FleetGate g =
          FleetGate.builder(prometheus)
              .pollInterval(POLL)
              .queryTimeout(QUERY_TIMEOUT)
              .maxSampleAge(Duration.ofSeconds(5))
              .build();
      Shipshape s =
          Shipshape.builder()
              .logging(false)
              .meterRegistry(r)
              .flags(
                  FlagSource.httpBuilder(flags)
                      .pollInterval(FLAG_POLL)
                      .timeout(Duration.ofMillis(800))
                      .acknowledgePlainHttp()
                      .build())
              .slo(CHECKOUT)
              .rollout(FLAG, o -> o.haltOn("checkout").gate(g))
              .build();
      registry = r;
      gate = g;
      ship = s;
    }

    void stop() {
      Shipshape s = ship;
      ship = null;
      if (s != null) {
        s.close();
      }
      FleetGate g = gate;
      if (g != null) {
        g.close();
      }
    }

    Rollout rollout() {
      return running().rollouts().get(FLAG);
    }

    Shipshape running() {
      Shipshape s = ship;
      if (s == null) {
        throw new IllegalStateException(name + " is not running");
      }
      return s;
    }
  }

  private final List<Instance> fleet = new ArrayList<>();
  private volatile String document = document("");
  /** Whether the rolled-out variant's requests fail. */
  private volatile boolean broken;
  private final AtomicLong user = new AtomicLong();

  static String document(String plan) {
    return "{\"$schema\":\"https://flagd.dev/schema/v0/flags.json\",\"flags\":{\""
        + FLAG
        + "\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
        + "\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]},"
        + "\"metadata\":{\"owner\":\"payments\""
        + plan
        + "}}}}";
  }

  static String plan(Instant start, String steps, Duration interval, String extra) {
    return ",\"rollout.start\":\"" + start + "\",\"rollout.steps\":\"" + steps
        + "\",\"rollout.interval\":\"" + interval.toMillis() + "ms\"" + extra;
  }

  @Test
  void aFleetOfThreeRollsOutInLockstepHaltsTogetherAndHoldsWithoutAVerdict() throws Exception {
    long began = System.nanoTime();
    HttpServer flagServer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    flagServer.createContext(
        "/flags.json",
        exchange -> {
          byte[] body = document.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    flagServer.start();
    URI flags = URI.create("http://127.0.0.1:" + flagServer.getAddress().getPort() + "/flags.json");
    for (int i = 1; i <= 3; i++) {
      fleet.add(new Instance("instance-" + i));
    }
    PrometheusServer.Builder pb =
        PrometheusServer.builder()
            .scrapeInterval(SCRAPE)
            .evaluationInterval(EVALUATION)
            .ruleFile("slo-rules.yml", PrometheusRules.generate(CHECKOUT));
    for (Instance i : fleet) {
      pb.target("shop", i.target());
    }
    ScheduledExecutorService traffic = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "fleet-e2e");
      t.setDaemon(true);
      return t;
    });
    Sampler sampler = new Sampler();
    try (PrometheusServer prometheus = pb.start()) {
      for (Instance i : fleet) {
        i.start(prometheus.uri(), flags);
      }
      traffic.scheduleAtFixedRate(this::requests, 0, 50, TimeUnit.MILLISECONDS);
      traffic.scheduleAtFixedRate(sampler::sample, 0, 10, TimeUnit.MILLISECONDS);
      prometheus.await(
          "the three instances are scraped and the rules evaluated",
          Duration.ofSeconds(40),
          () ->
              present(prometheus.value("count(up{job=\"shop\"} == 1) == 3"))
                  .flatMap(
                      x ->
                          present(
                              prometheus.value(
                                  "slo:sli_error:ratio_rate5m{sloth_slo=\"checkout\"}"))));
      for (Instance i : fleet) {
        assertThat(i.rollout().percent()).isZero();
        assertThat(i.rollout().state()).as("no plan yet").isEqualTo(RolloutState.PAUSED);
      }

      healthyLockstepAndARestart(prometheus, flags, sampler);
      aPauseHoldsEveryInstance();
      anOutageHoldsTheFleetAndARestartedServerLetsItGoOn(prometheus);
      errorsAtTheSecondStepRollEveryInstanceBack(prometheus);
    } finally {
      traffic.shutdownNow();
      for (Instance i : fleet) {
        i.stop();
        i.metrics.stop(0);
      }
      flagServer.stop(0);
      LOG.atInfo()
          .setMessage("fleet end-to-end test took {} s of real time")
          .addArgument(seconds(System.nanoTime() - began))
          .log();
    }
  }

  // ---------------------------------------------------------------- scenarios

  private void healthyLockstepAndARestart(PrometheusServer prometheus, URI flags, Sampler sampler)
      throws Exception {
    Instant start = nextSecond().plusSeconds(2);
    Duration interval = Duration.ofSeconds(3);
    document = document(plan(start, "10,25,50,100", interval, ""));
    sampler.measureFrom(start.minusMillis(100));

    // Restart the third instance while the second step is in effect.
    awaitUntil(start.plus(interval).plusMillis(1_500));
    Instance third = fleet.get(2);
    third.stop();
    sampler.skip(third);
    third.start(prometheus.uri(), flags);
    long built = System.nanoTime();
    double fleetStep = fleet.get(0).rollout().percent();
    await(
        "the restarted instance rejoins",
        Duration.ofSeconds(3),
        () -> third.rollout().percent() == fleetStep);
    double rejoin = seconds(System.nanoTime() - built);
    sampler.include(third);

    Instant last = start.plus(interval.multipliedBy(3));
    await("every instance completes", Duration.ofSeconds(20), () -> all(RolloutState.COMPLETED));
    sampler.measureUntil(last.plusSeconds(1));

    // Each step began at its plan instant on every instance, within the divergence bound.
    List<Double> spreads = new ArrayList<>();
    double latest = 0;
    for (int step = 0; step < 4; step++) {
      Instant due = start.plus(interval.multipliedBy(step));
      double percent = List.of(10.0, 25.0, 50.0, 100.0).get(step);
      List<Instant> reached = new ArrayList<>();
      for (Instance i : fleet) {
        if (i == third && step <= 1) {
          continue; // its audit trail began at the restart
        }
        Instant at = reachedAt(i.rollout(), percent);
        assertThat(at).as("%s reaches %s%%", i.name, percent).isNotNull();
        assertThat(Duration.between(due, at))
            .as("%s reaches %s%% at the plan's instant %s, within a poll", i.name, percent, due)
            .isBetween(Duration.ZERO, POLL.plus(QUERY_TIMEOUT));
        reached.add(at);
        latest = Math.max(latest, Duration.between(due, at).toMillis() / 1000.0);
      }
      spreads.add(spread(reached));
    }
    double worstSpread = spreads.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertThat(worstSpread)
        .as("the instances reach each step within one poll of each other")
        .isLessThan(1.0);
    assertThat(rejoin)
        .as("a restarted instance rejoins at its first poll")
        .isLessThan(POLL.toMillis() / 1000.0);
    assertThat(sampler.disagreements)
        .as("sampled instants: %s", sampler.samples)
        .isLessThan(sampler.samples / 10);
    assertThat(sampler.longestDivergence).isLessThan(1.0);
    LOG.atInfo()
        .setMessage(
            "lockstep: every step reached at most {} s after its plan instant; step spreads {} s"
                + " (largest {} s); sampled {} instants x 50 users, {} with"
                + " instances disagreeing, longest divergence window {} s; restarted instance"
                + " rejoined in {} s")
        .addArgument(latest)
        .addArgument(spreads)
        .addArgument(worstSpread)
        .addArgument(sampler.samples)
        .addArgument(sampler.disagreements)
        .addArgument(sampler.longestDivergence)
        .addArgument(rejoin)
        .log();
  }

  private void aPauseHoldsEveryInstance() throws Exception {
    Instant start = nextSecond().plusSeconds(2);
    Duration interval = Duration.ofSeconds(3);
    String steps = "10,25,50,100";
    document = document(plan(start, steps, interval, ""));
    awaitUntil(start.plus(interval).plusMillis(300));
    Instant pausedAt = start.plus(interval).plusMillis(1_500);
    document = document(plan(start, steps, interval, ",\"rollout.pausedAt\":\"" + pausedAt + "\""));
    await("every instance is paused", Duration.ofSeconds(5), () -> all(RolloutState.PAUSED));
    awaitUntil(start.plus(interval.multipliedBy(3)).plusSeconds(1));
    for (Instance i : fleet) {
      assertThat(i.rollout().state()).isEqualTo(RolloutState.PAUSED);
      assertThat(i.rollout().percent())
          .as("%s held over two step instants", i.name)
          .isEqualTo(25.0);
      assertThat(reachedAt(i.rollout(), 50.0, start)).isNull();
    }
  }

  private void anOutageHoldsTheFleetAndARestartedServerLetsItGoOn(PrometheusServer prometheus)
      throws Exception {
    // Resume where the pause held: a new start from the second step.
    Instant start = nextSecond().plusSeconds(1);
    Duration interval = Duration.ofSeconds(4);
    document = document(plan(start, "10,25,50,100", interval, ",\"rollout.fromStep\":1"));
    awaitUntil(start.plusMillis(1_200));
    await("every instance runs at 25%", Duration.ofSeconds(5),
        () -> all(RolloutState.RUNNING) && allAt(25.0));

    Instant boundary = start.plus(interval);
    awaitUntil(boundary.minusMillis(1_800));
    prometheus.stop();
    Instant stopped = Instant.now();
    awaitUntil(boundary.plusMillis(2_500));
    for (Instance i : fleet) {
      assertThat(i.rollout().percent())
          .as("%s does not advance without a verdict", i.name)
          .isEqualTo(25.0);
      RolloutAuditEntry held = lastOf(i.rollout(), Transition.HELD);
      assertThat(held).as("%s records the hold", i.name).isNotNull();
      assertThat(held.at()).isAfterOrEqualTo(boundary.minusMillis(1));
      assertThat(held.reason()).contains("verdict unreadable");
    }
    long restarting = System.nanoTime();
    prometheus.restart();
    await("the fleet advances once the verdict is readable again", Duration.ofSeconds(30),
        () -> fleet.stream().allMatch(i -> i.rollout().percent() >= 50.0));
    LOG.atInfo()
        .setMessage(
            "outage: prometheus stopped {} before the step due at {}; no instance advanced; after"
                + " its restart the fleet advanced in {} s")
        .addArgument(stopped)
        .addArgument(boundary)
        .addArgument(seconds(System.nanoTime() - restarting))
        .log();
  }

  private void errorsAtTheSecondStepRollEveryInstanceBack(PrometheusServer prometheus)
      throws Exception {
    await("every instance completes", Duration.ofSeconds(20), () -> all(RolloutState.COMPLETED));
    Instant start = nextSecond().plusSeconds(2);
    Duration interval = Duration.ofSeconds(12);
    document = document(plan(start, "10,50,100", interval, ",\"rollout.rollBackOnHalt\":true"));
    Instant second = start.plus(interval);
    awaitUntil(second);
    broken = true;
    long injected = System.nanoTime();
    Instant injectedAt = Instant.now();
    await("every instance rolls back", Duration.ofSeconds(20), () -> all(RolloutState.ROLLED_BACK));
    double toRollback = seconds(System.nanoTime() - injected);
    broken = false;

    // The alert as Prometheus recorded it: when it became active.
    double activeAt =
        prometheus
            .value(
                "min(min_over_time(ALERTS_FOR_STATE{sloth_slo=\"checkout\",sloth_severity=\"page\"}[2m]))")
            .orElseThrow();
    Instant alertActive = Instant.ofEpochMilli(Math.round(activeAt * 1000));
    double errorRatio = 0.5; // half the users get the new variant at the second step, all fail
    double fill = LONG_WINDOW.toMillis() / 1000.0 * PAGE_RATIO / errorRatio;
    double bound =
        (SCRAPE.toMillis() + EVALUATION.toMillis() + POLL.toMillis() + QUERY_TIMEOUT.toMillis())
                / 1000.0
            + fill
            + 2.0; // increase() needs one more sample at the window's edge, and a busy machine
    List<Double> afterAlert = new ArrayList<>();
    for (Instance i : fleet) {
      Rollout r = i.rollout();
      assertThat(r.percent()).isZero();
      assertThat(reachedAt(r, 100.0, start)).as("%s never served the third step", i.name).isNull();
      RolloutAuditEntry halted = lastOf(r, Transition.HALTED);
      RolloutAuditEntry back = lastOf(r, Transition.ROLLED_BACK);
      assertThat(halted).isNotNull();
      assertThat(back).isNotNull();
      assertThat(back.fromPercent())
          .as("%s rolled back from the second step", i.name)
          .isEqualTo(50.0);
      assertThat(back.reason())
          .contains("slo 'checkout' page alert 20s/10s active since")
          .endsWith("at step 2 of 3 (50%); rolled back");
      afterAlert.add(Duration.between(alertActive, back.at()).toMillis() / 1000.0);
      assertThat(Duration.between(injectedAt, back.at()).toMillis() / 1000.0)
          .as("%s rolls back within the derived bound", i.name)
          .isLessThan(bound);
    }
    assertThat(toRollback).isLessThan(bound);
    LOG.atInfo()
        .setMessage(
            "halt: errors injected at {}; page alert active at {} ({} s later); every instance"
                + " rolled back {} s after the injection ({} s after the alert: {}); bound {} s")
        .addArgument(injectedAt)
        .addArgument(alertActive)
        .addArgument(Duration.between(injectedAt, alertActive).toMillis() / 1000.0)
        .addArgument(toRollback)
        .addArgument(afterAlert.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .addArgument(afterAlert)
        .addArgument(bound)
        .log();
  }

  // ---------------------------------------------------------------- traffic and sampling

  /** Twenty requests per instance: those on the rolled-out variant fail while it is broken. */
  private void requests() {
    for (Instance i : fleet) {
      Shipshape s = i.ship;
      if (s == null) {
        continue;
      }
      try {
        long good = 0;
        long bad = 0;
        for (int n = 0; n < 20; n++) {
          EvaluationContext ctx = EvaluationContext.of("user-" + user.incrementAndGet());
          boolean on = s.flags().booleanValue(FLAG, false, ctx);
          if (on && broken) {
            bad++;
          } else {
            good++;
          }
        }
        s.slo("checkout").record(good, bad);
      } catch (RuntimeException e) {
        // an instance closing between the check and the calls
      }
    }
  }

  /** Samples fifty users' variants on every instance every 10 ms and measures disagreement. */
  final class Sampler {
    private final List<EvaluationContext> users = new ArrayList<>();
    private final List<Instance> skipped = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile Instant from = Instant.MAX;
    volatile Instant until = Instant.MAX;
    volatile long samples;
    volatile long disagreements;
    volatile double longestDivergence;
    private long divergingSince = -1;

    Sampler() {
      for (int i = 0; i < 50; i++) {
        users.add(EvaluationContext.of("sampled-" + i));
      }
    }

    void measureFrom(Instant at) {
      from = at;
    }

    void measureUntil(Instant at) {
      until = at;
    }

    void skip(Instance i) {
      skipped.add(i);
    }

    void include(Instance i) {
      skipped.remove(i);
    }

    synchronized void sample() {
      Instant now = Instant.now();
      if (now.isBefore(from) || now.isAfter(until)) {
        return;
      }
      List<List<Boolean>> seen = new ArrayList<>();
      for (Instance i : fleet) {
        Shipshape s = i.ship;
        if (s == null || skipped.contains(i)) {
          continue;
        }
        List<Boolean> v = new ArrayList<>();
        for (EvaluationContext u : users) {
          v.add(s.flags().booleanValue(FLAG, false, u));
        }
        seen.add(v);
      }
      samples++;
      boolean agree = seen.stream().distinct().count() <= 1;
      long t = System.nanoTime();
      if (!agree) {
        disagreements++;
        if (divergingSince < 0) {
          divergingSince = t;
        }
      } else if (divergingSince >= 0) {
        longestDivergence = Math.max(longestDivergence, seconds(t - divergingSince));
        divergingSince = -1;
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private boolean all(RolloutState state) {
    return fleet.stream().allMatch(i -> i.ship != null && i.rollout().state() == state);
  }

  private boolean allAt(double percent) {
    return fleet.stream().allMatch(i -> i.ship != null && i.rollout().percent() == percent);
  }

  /** When the rollout last moved up to {@code percent}, or null if it never did. */
  static @Nullable Instant reachedAt(Rollout r, double percent) {
    return reachedAt(r, percent, Instant.MIN);
  }

  /** When the rollout last moved up to {@code percent} after {@code since}, or null. */
  static @Nullable Instant reachedAt(Rollout r, double percent, Instant since) {
    Instant at = null;
    for (RolloutAuditEntry e : r.history()) {
      if (e.toPercent() == percent && e.fromPercent() < percent && e.at().isAfter(since)) {
        at = e.at();
      }
    }
    return at;
  }

  static @Nullable RolloutAuditEntry lastOf(Rollout r, Transition t) {
    RolloutAuditEntry found = null;
    for (RolloutAuditEntry e : r.history()) {
      if (e.transition() == t) {
        found = e;
      }
    }
    return found;
  }

  static double spread(List<Instant> instants) {
    Instant min = instants.stream().min(Instant::compareTo).orElseThrow();
    Instant max = instants.stream().max(Instant::compareTo).orElseThrow();
    return Duration.between(min, max).toMillis() / 1000.0;
  }

  static Instant nextSecond() {
    return Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  static double seconds(long nanos) {
    return Math.round(nanos / 1_000_000.0) / 1000.0;
  }

  static void awaitUntil(Instant at) throws InterruptedException {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      TimeUnit.MILLISECONDS.sleep(millis);
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  static Optional<Boolean> present(java.util.OptionalDouble v) {
    return v.isPresent() ? Optional.of(true) : Optional.empty();
  }
}
