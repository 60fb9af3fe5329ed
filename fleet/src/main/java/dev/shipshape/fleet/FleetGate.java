package dev.shipshape.fleet;

import static dev.shipshape.fleet.internal.PlanMemory.unplanned;
import static dev.shipshape.fleet.internal.PlanMemory.withProblems;

import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutGate;
import dev.shipshape.core.rollout.RolloutVerdict;
import dev.shipshape.fleet.internal.PlanMemory;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.fleet.internal.PrometheusApi;
import dev.shipshape.fleet.internal.Schedule;
import dev.shipshape.fleet.internal.Signals;
import dev.shipshape.fleet.internal.VerdictOutages;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import dev.shipshape.time.internal.SendableHeaders;
import dev.shipshape.time.internal.UrlRedaction;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RolloutGate} for a fleet: every instance derives the same step from two things the
 * fleet already shares, with no store or controller of its own. The plan travels in the flag's
 * metadata ({@link FleetPlan}), through the flag sources every instance reads; the verdict comes
 * from Prometheus' HTTP query API (or Thanos, Mimir, any server with that API), evaluating the
 * SLO rules that {@code PrometheusRules} generates over every instance's counter.
 *
 * <pre>{@code
 * FleetGate fleet = FleetGate.builder(URI.create("http://prometheus:9090"))
 *     .pollInterval(Duration.ofSeconds(30))
 *     .queryTimeout(Duration.ofSeconds(5))
 *     .build();
 * Shipshape ship = Shipshape.builder()
 *     .flags(FlagSource.http(URI.create("https://config.example.com/flags.json")))
 *     .slo(Slo.named("checkout").objective(0.999))
 *     .rollout("new-checkout", r -> r.haltOn("checkout").gate(fleet))
 *     .build();
 * }</pre>
 *
 * <p>The step in effect at an instant is a function of the plan and of the halting SLOs' alert
 * history up to that instant, so two instances asking at the same instant get the same answer
 * and a restarted instance comes back at the fleet's step. Each poll asks one query, bounded by
 * {@link Builder#queryTimeout(Duration)}, on the gate's own thread; flag evaluation never waits
 * for it. When the verdict cannot be read (the server is down or answers an error, the SLO
 * counter or the rules have no recent samples, the server lacks the plan's history) the rollout
 * does not advance. Close the gate after the applications that use it.
 */
public final class FleetGate implements RolloutGate, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetGate.class);

  /** The poll interval when none is set: thirty seconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  /** The query timeout when none is set: five seconds. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** How old the newest samples may be when none is set: two minutes. */
  public static final Duration DEFAULT_MAX_SAMPLE_AGE = Duration.ofMinutes(2);

  private static final Pattern MATCHER =
      Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*(=~|!~|!=|=)\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final PrometheusApi prometheus;
  private final Duration pollInterval;
  private final Duration queryTimeout;
  private final Duration maxSampleAge;
  private final List<String> matchers;
  private final Executor executor;
  private final @Nullable ExecutorService ownExecutor;
  private final PlanMemory plans = new PlanMemory(LOG);
  private final VerdictOutages outages = new VerdictOutages(LOG);
  private volatile boolean closed;

  private FleetGate(Builder b, PrometheusApi prometheus) {
    this.prometheus = prometheus;
    this.pollInterval = b.pollInterval;
    this.queryTimeout = b.queryTimeout;
    this.maxSampleAge = b.maxSampleAge;
    this.matchers = List.copyOf(b.matchers);
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownExecutor = null;
    } else {
      // One daemon thread: a gate asks one query per rollout per poll, one at a time each. Every
      // rollout polls at the same instants, and none asks while its question is unanswered, so
      // the queue holds at most one question per rollout: it needs no bound of its own, and one
      // lower than the number of rollouts would refuse the questions of the last ones every poll.
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.NANOSECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "shipshape-fleet-gate-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.executor = pool;
      this.ownExecutor = pool;
    }
  }

  /**
   * Starts a gate reading the verdict from the server at {@code prometheus}.
   *
   * @param prometheus the base URL of Prometheus' HTTP API, such as {@code http://prometheus:9090}
   *     (Thanos Query the same; Mimir with its prefix, such as {@code http://mimir/prometheus})
   * @return a builder with the defaults
   */
  public static Builder builder(URI prometheus) {
    return new Builder(prometheus);
  }

  @Override
  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * The longest one query may take.
   *
   * @return the timeout
   */
  public Duration queryTimeout() {
    return queryTimeout;
  }

  @Override
  public CompletionStage<RolloutVerdict> verdict(
      RolloutConfig rollout, FlagDefinition flag, Instant at) {
    PlanMemory.Plan p = plans.read(rollout, flag);
    FleetPlan plan = p.plan();
    if (plan == null) {
      return CompletableFuture.completedFuture(unplanned(rollout, p.problems()));
    }
    Instant start = plan.start().orElse(null);
    if (plan.aborted()
        || start == null
        || at.isBefore(start)
        || rollout.haltOn().isEmpty()
        || plans.settled(rollout, plan)) {
      // nothing to ask: the plan alone decides, or what decides is already known for good
      Schedule.Halt halt = plans.halted(rollout, plan);
      String why = rollout.haltOn().isEmpty() ? "no SLO halts this rollout" : "";
      return CompletableFuture.completedFuture(
          withProblems(Schedule.at(plan, at, halt, true, why), p.problems()));
    }
    try {
      // completed whatever ask throws: a question never answered would stop the rollout's polls
      return CompletableFuture.supplyAsync(
          () ->
              closed
                  ? closedVerdict(plan, p.problems(), at)
                  : ask(rollout, plan, p.problems(), at),
          executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(closedVerdict(plan, p.problems(), at));
    }
  }

  private static RolloutVerdict closedVerdict(FleetPlan plan, List<String> problems, Instant at) {
    return withProblems(
        Schedule.at(plan, at, null, false, "verdict unreadable: the gate is closed"), problems);
  }

  private RolloutVerdict ask(
      RolloutConfig rollout, FleetPlan plan, List<String> problems, Instant at) {
    Instant start = plan.start().orElseThrow();
    String query =
        Signals.query(
            rollout.haltOn(),
            matchers,
            rollout.haltOnBudgetExhausted(),
            start,
            at,
            pollInterval,
            maxSampleAge);
    Signals.Reading reading;
    try {
      reading =
          Signals.read(
              prometheus.query(query, at),
              rollout.haltOn(),
              start,
              at,
              maxSampleAge,
              prometheus.name());
    } catch (IOException | RuntimeException e) {
      outages.failed(rollout.flagKey(), String.valueOf(e.getMessage()), at);
      return withProblems(
          Schedule.at(
              plan,
              at,
              plans.halted(rollout, plan),
              false,
              "verdict unreadable: " + e.getMessage()),
          problems);
    }
    FleetPlan now = plans.inForce(rollout);
    if (now != null && !now.equals(plan)) {
      // an edit (an abort, a pause) arrived while the server was asked: what it confirmed is
      // about the earlier plan, and would undo the edit the rollout already applied
      LOG.atDebug()
          .setMessage(
              "fleet rollout of flag '{}' drops the verdict it read: the plan changed while it was"
                  + " asked")
          .addArgument(rollout.flagKey())
          .addKeyValue("flag", rollout.flagKey())
          .log();
      return withProblems(
          Schedule.at(
              now, at, plans.halted(rollout, now), false, "the plan changed while it was asked"),
          problems);
    }
    if (reading.readable()) {
      outages.read(rollout.flagKey(), at);
    } else {
      outages.failed(rollout.flagKey(), reading.why(), at);
    }
    Schedule.Halt halt = reading.halt();
    RolloutVerdict v = Schedule.at(plan, at, halt, reading.readable(), reading.why());
    plans.remember(rollout, plan, halt, reading.readable(), v);
    return withProblems(v, problems);
  }

  @Override
  public RolloutVerdict planned(RolloutConfig rollout, FlagDefinition flag, Instant at) {
    PlanMemory.Plan p = plans.read(rollout, flag);
    FleetPlan plan = p.plan();
    if (plan == null) {
      return unplanned(rollout, p.problems());
    }
    return withProblems(
        Schedule.at(plan, at, plans.halted(rollout, plan), false, "waiting for the verdict"),
        p.problems());
  }

  @Override
  public String refusal(RolloutConfig rollout, String control, List<String> flagSources) {
    String key = rollout.flagKey();
    String edit =
        switch (control) {
          case "pause" -> "set " + FleetPlan.PAUSED_AT + " to the instant to hold at";
          case "resume" ->
              "remove " + FleetPlan.PAUSED_AT + " and set " + FleetPlan.START + " to now and "
                  + FleetPlan.FROM_STEP + " to the step to go on from";
          case "abort" -> "set " + FleetPlan.ABORTED + " to true";
          default -> "set " + FleetPlan.START + " and " + FleetPlan.FROM_STEP;
        };
    return control + " of rollout '" + key + "' was refused: it is a fleet rollout, and " + control
        + " here would change this instance only. Edit its plan instead, in the metadata of flag '"
        + key + "' (/flags/" + key + "/metadata) in the flag document every instance reads "
        + flagSources + ": " + edit + ".";
  }

  /**
   * Shuts the gate's own thread down, if it has one; queries after this are unreadable, and so
   * are those still waiting for the thread, so that every question asked is answered.
   */
  @Override
  public void close() {
    closed = true;
    ExecutorService own = ownExecutor;
    if (own != null) {
      for (Runnable waiting : own.shutdownNow()) {
        waiting.run(); // answers at once that the gate is closed
      }
    }
  }

  @Override
  public String toString() {
    return "FleetGate{" + prometheus.name() + ", poll " + pollInterval + "}";
  }

  /** Collects a gate's settings; {@link #build()} reports every problem at once. */
  public static final class Builder {
    private final URI prometheus;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private Duration maxSampleAge = DEFAULT_MAX_SAMPLE_AGE;
    private final List<String> matchers = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable Executor executor;

    private Builder(URI prometheus) {
      this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
    }

    /**
     * How often each rollout asks (default thirty seconds); polls fall on whole multiples of it.
     *
     * @param interval positive, longer than the query timeout
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * The longest one query may take, from connecting to the last byte (default five seconds).
     *
     * @param timeout positive, shorter than the poll interval
     * @return this builder
     */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * How old the newest sample of each halting SLO's counter and rules may be for the verdict to
     * count (default two minutes): older means the instances are not scraped or the rules not
     * evaluated, and the rollout does not advance. Make it a few scrape and evaluation intervals.
     *
     * @param age positive
     * @return this builder
     */
    public Builder maxSampleAge(Duration age) {
      this.maxSampleAge = Objects.requireNonNull(age, "age");
      return this;
    }

    /**
     * Adds a label matcher to every series the gate reads, such as {@code env="prod"}, when one
     * server watches several environments (the rules' {@code groupBy} labels).
     *
     * @param matcher a PromQL label matcher
     * @return this builder
     */
    public Builder matcher(String matcher) {
      matchers.add(Objects.requireNonNull(matcher, "matcher").trim());
      return this;
    }

    /**
     * Sends a header with every query, such as Mimir's {@code X-Scope-OrgID} or an {@code
     * Authorization}; values never appear in logs or reasons. A header Java's HTTP client would
     * refuse (a value with a line break, a name it sets itself such as {@code Host}) is one of
     * the {@linkplain #problems() problems}.
     *
     * @param name the header's name
     * @param value its value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Where queries run (default: the gate's own daemon thread, stopped by {@link #close()}). A
     * query blocks its thread for up to the query timeout.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Validates the settings and builds the gate.
     *
     * @return the gate
     * @throws FleetGateConfigException listing every {@linkplain #problems() problem}, each naming
     *     its setting
     */
    public FleetGate build() {
      List<ConfigProblem> problems = problems();
      if (!problems.isEmpty()) {
        throw new FleetGateConfigException(problems);
      }
      return new FleetGate(this, new PrometheusApi(prometheus, queryTimeout, headers));
    }

    /**
     * Every problem of the settings, each naming its setting ({@code pollInterval}); the URL is
     * named without its user info and query values.
     *
     * @return the problems; empty when {@link #build()} would succeed
     */
    public List<ConfigProblem> problems() {
      Problems problems = new Problems();
      String url = UrlRedaction.uri(prometheus);
      String scheme = prometheus.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || prometheus.getHost() == null) {
        problems.add("prometheus", url, "must be an http or https URL");
      }
      if (prometheus.getRawQuery() != null) {
        problems.add("prometheus", url, "must not have a query");
      }
      positive("pollInterval", pollInterval, problems);
      positive("queryTimeout", queryTimeout, problems);
      positive("maxSampleAge", maxSampleAge, problems);
      if (!queryTimeout.isNegative()
          && !pollInterval.isNegative()
          && queryTimeout.compareTo(pollInterval) >= 0) {
        problems.add(
            "queryTimeout",
            queryTimeout,
            "must be shorter than the pollInterval ("
                + pollInterval
                + "), so that one query ends before the next poll");
      }
      for (int i = 0; i < matchers.size(); i++) {
        if (!MATCHER.matcher(matchers.get(i)).matches()) {
          problems.add(
              "matchers[" + i + "]",
              matchers.get(i),
              "a PromQL label matcher such as env=\"prod\" was expected");
        }
      }
      // The setting is the whole map: a header's name in a setting would be read as a camel-case
      // word where properties are named after settings (the Spring Boot starter).
      SendableHeaders.check(headers, problems);
      return problems.toList();
    }

    private static void positive(String name, Duration d, Problems problems) {
      if (d.isNegative() || d.isZero()) {
        problems.add(name, d, "must be positive");
      }
    }
  }
}
