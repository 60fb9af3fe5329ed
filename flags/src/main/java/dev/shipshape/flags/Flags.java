package dev.shipshape.flags;

import dev.shipshape.flags.internal.Engine;
import dev.shipshape.flags.internal.ValueType;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the flags module: loads flag definitions from sources, keeps them current,
 * and evaluates flags. Evaluation never throws: on any failure it returns the caller's default,
 * and the {@code ...Details} forms say why.
 *
 * <pre>{@code
 * try (Flags flags = Flags.builder().source(FlagSource.file(Path.of("flags.json"))).build()) {
 *   boolean on = flags.booleanValue("new-checkout", false, EvaluationContext.of(userId));
 * }
 * }</pre>
 *
 * <p>Evaluation reads one immutable snapshot; a reload or override swaps the whole snapshot at
 * once. {@link #booleanValue} and {@link #stringValue} with a prebuilt context allocate nothing
 * unless a listener asks for evaluation events.
 */
public final class Flags implements AutoCloseable {

  private final Engine engine;

  private Flags(Engine engine) {
    this.engine = engine;
  }

  /**
   * A builder with the system UTC clock and no sources.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A boolean flag's value.
   *
   * @param key the flag key
   * @param defaultValue returned when the flag is missing, disabled, of another type or fails
   * @param ctx the subject
   * @return the value
   */
  public boolean booleanValue(String key, boolean defaultValue, EvaluationContext ctx) {
    return engine.booleanValue(key, defaultValue, ctx);
  }

  /**
   * A boolean flag's value for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the value
   */
  public boolean booleanValue(String key, boolean defaultValue) {
    return engine.booleanValue(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * A string flag's value.
   *
   * @param key the flag key
   * @param defaultValue returned when the flag is missing, disabled, of another type or fails
   * @param ctx the subject
   * @return the value
   */
  public String stringValue(String key, String defaultValue, EvaluationContext ctx) {
    return engine.stringValue(key, defaultValue, ctx);
  }

  /**
   * A string flag's value for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the value
   */
  public String stringValue(String key, String defaultValue) {
    return engine.stringValue(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * A numeric flag's value as an int; a value that is not an integer in range is a type mismatch.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the value
   */
  public int intValue(String key, int defaultValue, EvaluationContext ctx) {
    return engine.intValue(key, defaultValue, ctx);
  }

  /**
   * A numeric flag's value as an int for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the value
   */
  public int intValue(String key, int defaultValue) {
    return engine.intValue(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * A numeric flag's value as a long; a value that is not an integer is a type mismatch.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the value
   */
  public long longValue(String key, long defaultValue, EvaluationContext ctx) {
    return engine.longValue(key, defaultValue, ctx);
  }

  /**
   * A numeric flag's value as a long for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the value
   */
  public long longValue(String key, long defaultValue) {
    return engine.longValue(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * A numeric flag's value as a double.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the value
   */
  public double doubleValue(String key, double defaultValue, EvaluationContext ctx) {
    return engine.doubleValue(key, defaultValue, ctx);
  }

  /**
   * A numeric flag's value as a double for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the value
   */
  public double doubleValue(String key, double defaultValue) {
    return engine.doubleValue(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * An object flag's value: an immutable {@code Map<String, Object>} or {@code List<Object>}.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the value
   */
  public Object objectValue(String key, Object defaultValue, EvaluationContext ctx) {
    return engine.objectValue(key, defaultValue, ctx);
  }

  /**
   * An object flag's value for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the value
   */
  public Object objectValue(String key, Object defaultValue) {
    return engine.objectValue(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * A boolean flag's value with the reason, variant and error.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the details
   */
  public EvaluationDetails<Boolean> booleanDetails(
      String key, boolean defaultValue, EvaluationContext ctx) {
    return engine.details(key, defaultValue, ValueType.BOOLEAN, ctx);
  }

  /**
   * A boolean flag's details for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the details
   */
  public EvaluationDetails<Boolean> booleanDetails(String key, boolean defaultValue) {
    return booleanDetails(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * A string flag's value with the reason, variant and error.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the details
   */
  public EvaluationDetails<String> stringDetails(
      String key, String defaultValue, EvaluationContext ctx) {
    return engine.details(key, defaultValue, ValueType.STRING, ctx);
  }

  /**
   * A string flag's details for the empty context.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @return the details
   */
  public EvaluationDetails<String> stringDetails(String key, String defaultValue) {
    return stringDetails(key, defaultValue, EvaluationContext.empty());
  }

  /**
   * An int flag's value with the reason, variant and error.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the details
   */
  public EvaluationDetails<Integer> intDetails(
      String key, int defaultValue, EvaluationContext ctx) {
    return engine.details(key, defaultValue, ValueType.INTEGER, ctx);
  }

  /**
   * A long flag's value with the reason, variant and error.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the details
   */
  public EvaluationDetails<Long> longDetails(String key, long defaultValue, EvaluationContext ctx) {
    return engine.details(key, defaultValue, ValueType.LONG, ctx);
  }

  /**
   * A double flag's value with the reason, variant and error.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the details
   */
  public EvaluationDetails<Double> doubleDetails(
      String key, double defaultValue, EvaluationContext ctx) {
    return engine.details(key, defaultValue, ValueType.DOUBLE, ctx);
  }

  /**
   * An object flag's value with the reason, variant and error.
   *
   * @param key the flag key
   * @param defaultValue returned on any failure
   * @param ctx the subject
   * @return the details
   */
  public EvaluationDetails<Object> objectDetails(
      String key, Object defaultValue, EvaluationContext ctx) {
    return engine.details(key, defaultValue, ValueType.OBJECT, ctx);
  }

  /**
   * The effective flags right now (all sources merged, overrides applied).
   *
   * @return an immutable snapshot
   */
  public FlagSet flagSet() {
    return engine.flagSet();
  }

  /**
   * The overrides applied on top of every source.
   *
   * @return the overrides
   */
  public FlagOverrides overrides() {
    return engine.overrides();
  }

  /**
   * The state of each source, in the order they were added.
   *
   * @return the states
   */
  public List<SourceState> sourceStates() {
    return engine.sourceStates();
  }

  /**
   * Re-reads every source now instead of waiting for the next poll, and applies what changed at
   * once. Waits at most the {@linkplain Builder#loadTimeout(Duration) load timeout}: a source
   * whose read has not returned by then (or is still running from an earlier poll) is reported
   * as failing, and its read is applied whenever it returns.
   */
  public void refresh() {
    engine.refreshAll();
  }

  /**
   * Evaluation counts, last-evaluated instants and unknown keys requested. Evaluation never reads
   * the clock: it stamps a usage time that the scheduler refreshes from the clock every second
   * (counted from when this instance was built), so a last-evaluated instant is at most a second
   * (plus any scheduler delay) before the evaluation.
   *
   * @return a report as of now
   */
  public FlagUsageReport usage() {
    return engine.usage();
  }

  /**
   * How many listener calls have thrown since this instance was built. A throwing listener never
   * reaches the caller; its failure is logged once per cause and counted here.
   *
   * @return the count
   */
  public long listenerFailures() {
    return engine.listenerFailures();
  }

  /**
   * Whether this instance was {@linkplain #close() closed}: it then no longer polls its sources,
   * so its flags stay as they were when it closed. Lets code that is handed a client (such as an
   * OpenFeature provider whose application closed it) notice that it stopped.
   *
   * @return true once {@link #close()} was called
   */
  public boolean isClosed() {
    return engine.isClosed();
  }

  /** Stops polling; closes the scheduler if this instance created it. Closing twice is safe. */
  @Override
  public void close() {
    engine.close();
  }

  /** How long {@link Builder#build()} and {@link #refresh()} wait for reads by default: ten seconds. */
  public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(10);

  /** Configures and builds {@link Flags}. */
  public static final class Builder {
    private static final String SUBJECT = "Flags configuration";

    private Clock clock = Clock.systemUTC();
    private @Nullable Scheduler scheduler;
    private final List<FlagSource> sources = new ArrayList<>();
    private final List<FlagListener> listeners = new ArrayList<>();
    private FlagLimits limits = FlagLimits.defaults();
    private Duration loadTimeout = DEFAULT_LOAD_TIMEOUT;

    private Builder() {}

    /**
     * The clock for timestamps, usage and {@code $flagd.timestamp}; default system UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The scheduler that polls sources and refreshes, every second, the time evaluations stamp as
     * a flag's last use (so evaluation never reads the clock); default {@link
     * Scheduler#forClock(Clock)}, which {@link Flags#close()} then closes. A scheduler given here
     * is not closed by Flags.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Adds a source; later sources override earlier ones flag by flag.
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(FlagSource source) {
      sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(FlagListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The limits applied to every source's documents; default {@link FlagLimits#defaults()}.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(FlagLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How long {@link #build()} and {@link Flags#refresh()} wait for the sources' reads, measured
     * on the scheduler's clock; default {@link Flags#DEFAULT_LOAD_TIMEOUT}. The sources are read
     * in parallel. A source whose read has not returned by then is failing (NOT_LOADED at build):
     * it is logged once and the listeners are told, and its read goes on and is applied whenever
     * it returns. Under a {@code ManualClock} the timeout passes as the clock is advanced.
     *
     * @param timeout positive
     * @return this builder
     * @throws FlagsConfigException when {@code timeout} is zero or negative
     */
    public Builder loadTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new FlagsConfigException(
            SUBJECT, List.of(ConfigProblem.of("loadTimeout", timeout, "must be positive")));
      }
      this.loadTimeout = timeout;
      return this;
    }

    /**
     * An independent builder with the same settings: changing either one afterwards leaves the
     * other as it is. The sources, listeners and scheduler themselves are shared, not copied.
     *
     * @return a new builder with this builder's settings
     */
    public Builder copy() {
      Builder b = new Builder();
      b.clock = clock;
      b.scheduler = scheduler;
      b.sources.addAll(sources);
      b.listeners.addAll(listeners);
      b.limits = limits;
      b.loadTimeout = loadTimeout;
      return b;
    }

    /**
     * Checks the settings without building: every problem that would make {@link #build()} throw,
     * in the order the sources were given; empty when the settings are valid. Reads no source.
     * Each problem names the source by its position, {@code sources[<index>]} (counting from 0 in
     * the order {@link #source(FlagSource)} was called), with the source's name or class as its
     * value, as in {@code sources[2] was 'flags.json' but source names must be unique}; a caller
     * that reports them as part of a larger whole puts its own path before that setting.
     *
     * @return the problems, empty if there are none
     */
    public List<ConfigProblem> problems() {
      Problems problems = new Problems();
      Set<String> names = new HashSet<>();
      Set<String> reported = new HashSet<>();
      for (int i = 0; i < sources.size(); i++) {
        FlagSource s = sources.get(i);
        String setting = "sources[" + i + "]";
        String name;
        try {
          name = s.name();
        } catch (RuntimeException e) {
          problems.add(setting, s.getClass().getName(), "its name() threw " + e);
          continue;
        }
        if (name == null || name.isBlank()) {
          problems.add(
              setting,
              s.getClass().getName(),
              "its name() was '" + name + "' (it must name the source)");
          continue;
        }
        if (!names.add(name) && reported.add(name)) {
          problems.add(setting, name, "source names must be unique");
        }
      }
      return problems.toList();
    }

    /**
     * Reads every source once, waiting at most the {@linkplain #loadTimeout(Duration) load
     * timeout}, and starts polling. A source that fails, or whose read has not returned in time,
     * contributes no flags and reports a {@link SourceFailure}; it never makes this method throw.
     *
     * @return the flags client
     * @throws FlagsConfigException listing every {@linkplain #problems() problem} at once, for
     *     example two sources with the same name
     */
    public Flags build() {
      List<ConfigProblem> problems = problems();
      if (!problems.isEmpty()) {
        throw new FlagsConfigException(SUBJECT, problems);
      }
      return new Flags(
          new Engine(
              clock, scheduler, List.copyOf(sources), List.copyOf(listeners), limits,
              loadTimeout));
    }
  }
}
