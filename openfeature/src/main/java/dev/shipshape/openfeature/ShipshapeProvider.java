package dev.shipshape.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FatalError;
import dev.openfeature.sdk.exceptions.GeneralError;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.flags.SourceState;
import dev.shipshape.openfeature.internal.ContextConverter;
import dev.shipshape.openfeature.internal.Evaluations;
import dev.shipshape.openfeature.internal.ProviderEvents;
import dev.shipshape.openfeature.internal.Results;
import dev.shipshape.openfeature.internal.SourceHealth;
import dev.shipshape.openfeature.internal.SourceHealth.Status;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.internal.Problems;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenFeature {@code FeatureProvider} backed by Shipshape flags: it evaluates flagd-format
 * definitions loaded from {@link FlagSource}s, keeps them current, and reports what happens to
 * them as OpenFeature provider events.
 *
 * <pre>{@code
 * ShipshapeProvider provider = ShipshapeProvider.builder()
 *     .source(FlagSource.file(Path.of("flags.json")))
 *     .build();
 * OpenFeatureAPI.getInstance().setProviderAndWait(provider);
 * Client client = OpenFeatureAPI.getInstance().getClient();
 * boolean on = client.getBooleanValue("new-checkout", false, new ImmutableContext(userId));
 * }</pre>
 *
 * <p>Lifecycle: {@link #initialize(EvaluationContext)} reads every source once and starts
 * polling; it fails (the SDK reports ERROR) only when no source could be loaded, and keeps
 * polling so that a source that appears later makes the provider READY. {@link #shutdown()}
 * stops polling and returns the provider to its uninitialised state; initialising it again reads
 * the sources afresh. Events: CONFIGURATION_CHANGED with the changed flag keys whenever a reload or
 * override changes the effective flags, STALE while a source is failing and its last good flags
 * are served, READY when every source is fresh again.
 *
 * <p>Evaluation never throws: every failure is an error result with the caller's default.
 *
 * <p>Contexts: when every context the SDK merges is an {@code ImmutableContext}, the converted
 * context is reused for as long as the same instances come back, so evaluating several flags for
 * one user's {@code ImmutableContext} converts it once. {@code MutableContext}s are converted on
 * every evaluation.
 */
public final class ShipshapeProvider extends EventProvider {

  /** The provider's name in OpenFeature metadata: {@value}. */
  public static final String NAME = "shipshape";

  private static final Logger log = LoggerFactory.getLogger(ShipshapeProvider.class);
  private static final Metadata METADATA = () -> NAME;

  private final Clock clock;
  private final @Nullable Scheduler givenScheduler;
  private final Flags.Builder settings;

  private final Object lifecycle = new Object();
  private volatile @Nullable Running running;

  /**
   * Initialisations not yet ended by a shutdown (guarded by {@link #lifecycle}). The SDK shuts a
   * replaced provider down on one of its own threads, after the replacement is initialised: when
   * the same instance is set again at once, that late shutdown belongs to the earlier
   * registration and must not stop the new one.
   */
  private int registrations;
  private final Results results = new Results();
  private final ProviderEvents events =
      new ProviderEvents(this::emit, this::runningFlags, results::clear);
  private final ContextConverter contexts = new ContextConverter();
  private final Evaluations evaluations = new Evaluations(results, contexts);

  private ShipshapeProvider(Builder b, Clock clock) {
    this.clock = clock;
    this.givenScheduler = b.scheduler;
    this.settings = b.flags.copy().clock(clock);
  }

  /**
   * A builder with the system UTC clock and no sources.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Metadata getMetadata() {
    return METADATA;
  }

  /**
   * The provider's own hooks: none. The SDK asks for them on every evaluation, so the same empty
   * list is returned each time instead of a new one.
   *
   * @return an empty, unmodifiable list
   */
  @Override
  @SuppressWarnings("rawtypes")
  public List<Hook> getProviderHooks() {
    return List.of();
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Reads every source once and starts polling. Returns normally when at least one source
   * loaded (emitting STALE afterwards if another failed); throws when none did, and keeps
   * polling so that the provider becomes READY when a source recovers.
   *
   * @param evaluationContext the API's context (not used: flags are evaluated per call)
   * @throws GeneralError when no source could be loaded, with every source's problem
   * @throws FatalError when the flags client cannot be started at all
   */
  @Override
  public void initialize(EvaluationContext evaluationContext) {
    Running r;
    synchronized (lifecycle) {
      registrations++;
      r = running;
      if (r != null && r.flags.isClosed()) {
        r.stop(); // the application closed the flags client: start a new one
        r = null;
      }
      if (r == null) {
        try {
          r = start();
        } catch (RuntimeException e) {
          registrations--;
          throw e;
        }
        running = r;
      }
    }
    List<SourceState> states = r.flags.sourceStates();
    if (events.initialized(states) == Status.ERROR) {
      throw new GeneralError("no flag source could be loaded: "
          + SourceHealth.describeProblems(states));
    }
  }

  private Running start() {
    Scheduler scheduler = givenScheduler != null ? givenScheduler : Scheduler.forClock(clock);
    ProviderEvents.Bridge bridge = events.bridge();
    Flags flags;
    try {
      flags = settings.copy().scheduler(scheduler).listener(bridge).build();
    } catch (RuntimeException e) {
      if (givenScheduler == null) {
        scheduler.close();
      }
      throw new FatalError("flags could not be started: " + e.getMessage());
    }
    bridge.serve(flags);
    return new Running(flags, scheduler, givenScheduler == null);
  }

  /**
   * Stops polling and releases the scheduler this provider created; the provider can be
   * initialised again. Safe to call twice. A shutdown that arrives after the provider was
   * initialised again (the SDK shuts a replaced provider down asynchronously, so setting the same
   * instance again at once can run the new {@code initialize} first) ends only the earlier
   * registration: the provider keeps running. The SDK's event threads are left to expire on their
   * own, so that events still flow after a new initialisation.
   */
  @Override
  public void shutdown() {
    Running r;
    synchronized (lifecycle) {
      if (registrations > 1) {
        registrations--;
        return;
      }
      registrations = 0;
      r = running;
      running = null;
    }
    if (r != null) {
      r.stop();
    }
    results.clear();
    contexts.clear();
  }

  /**
   * The running flags client, for overrides, usage reports and source states. Overrides made
   * through it apply to OpenFeature evaluations and emit CONFIGURATION_CHANGED.
   *
   * @return the flags client
   * @throws IllegalStateException before {@link #initialize(EvaluationContext)} or after
   *     {@link #shutdown()}
   */
  public Flags flags() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException(
          "flags were 'not running' but must be running: set the provider on the OpenFeature"
              + " API first (after shutdown, set it again)");
    }
    return r.flags;
  }

  /**
   * Re-reads every source now instead of waiting for the next poll, and reports the outcome as
   * provider events.
   *
   * @throws IllegalStateException before initialisation or after shutdown
   */
  public void refresh() {
    flags().refresh();
  }

  // ------------------------------------------------------------------ evaluation

  @Override
  public ProviderEvaluation<Boolean> getBooleanEvaluation(
      String key, @Nullable Boolean defaultValue, EvaluationContext ctx) {
    return evaluations.evaluate(
        runningFlags(), key, defaultValue, Boolean.FALSE, ctx, Flags::booleanDetails);
  }

  @Override
  public ProviderEvaluation<String> getStringEvaluation(
      String key, @Nullable String defaultValue, EvaluationContext ctx) {
    return evaluations.evaluate(
        runningFlags(), key, defaultValue, "", ctx, Flags::stringDetails);
  }

  @Override
  public ProviderEvaluation<Integer> getIntegerEvaluation(
      String key, @Nullable Integer defaultValue, EvaluationContext ctx) {
    return evaluations.evaluate(
        runningFlags(), key, defaultValue, Integer.valueOf(0), ctx, Flags::intDetails);
  }

  @Override
  public ProviderEvaluation<Long> getLongEvaluation(
      String key, @Nullable Long defaultValue, EvaluationContext ctx) {
    return evaluations.evaluate(
        runningFlags(), key, defaultValue, Long.valueOf(0), ctx, Flags::longDetails);
  }

  @Override
  public ProviderEvaluation<Double> getDoubleEvaluation(
      String key, @Nullable Double defaultValue, EvaluationContext ctx) {
    return evaluations.evaluate(
        runningFlags(), key, defaultValue, Double.valueOf(0), ctx, Flags::doubleDetails);
  }

  @Override
  public ProviderEvaluation<Value> getObjectEvaluation(
      String key, @Nullable Value defaultValue, EvaluationContext ctx) {
    return evaluations.object(runningFlags(), key, defaultValue, ctx);
  }

  /**
   * The flags client while it runs: null before initialisation, after shutdown, and once the
   * application has closed the client returned by {@link #flags()} (it then polls no more, so
   * evaluations are PROVIDER_NOT_READY instead of silently serving flags that never change again,
   * until the provider is set on the API again).
   */
  private @Nullable Flags runningFlags() {
    Running r = running;
    return r == null || r.flags.isClosed() ? null : r.flags;
  }

  // ------------------------------------------------------------------ state holders

  private record Running(Flags flags, Scheduler scheduler, boolean ownsScheduler) {
    void stop() {
      flags.close();
      if (ownsScheduler) {
        scheduler.close();
      }
    }
  }

  // ------------------------------------------------------------------ builder

  /**
   * Configures a {@link ShipshapeProvider}; {@link #build()} reports every problem at once and
   * reusing a builder never changes a built provider. The settings it shares with {@link Flags}
   * are kept in, and checked by, a {@link Flags.Builder}.
   */
  public static final class Builder {
    private final Flags.Builder flags = Flags.builder();
    private @Nullable Clock clock;
    private @Nullable Scheduler scheduler;
    private final List<FlagSource> sources = new ArrayList<>();

    private Builder() {}

    /**
     * The clock for {@code $flagd.timestamp}, source states and usage; default the scheduler's
     * clock when one is given, else system UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      flags.clock(clock);
      this.clock = clock;
      return this;
    }

    /**
     * The scheduler that polls the sources; default {@link Scheduler#forClock(Clock)}, which the
     * provider closes at shutdown. A scheduler given here is not closed by the provider.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      flags.scheduler(scheduler);
      this.scheduler = scheduler;
      return this;
    }

    /**
     * Adds a source; later sources override earlier ones flag by flag. See {@link
     * Flags.Builder#source(FlagSource)}.
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(FlagSource source) {
      flags.source(source);
      sources.add(source);
      return this;
    }

    /**
     * Adds a listener to the underlying flags client, for example to audit reloads. See {@link
     * Flags.Builder#listener(FlagListener)}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(FlagListener listener) {
      flags.listener(listener);
      return this;
    }

    /**
     * How long initialisation and {@link ShipshapeProvider#refresh()} wait for the sources' reads.
     * See {@link Flags.Builder#loadTimeout(Duration)}.
     *
     * @param timeout positive
     * @return this builder
     * @throws FlagsConfigException when {@code timeout} is zero or negative
     */
    public Builder loadTimeout(Duration timeout) {
      flags.loadTimeout(timeout);
      return this;
    }

    /**
     * The limits applied to every source's documents. See {@link Flags.Builder#limits(FlagLimits)}.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(FlagLimits limits) {
      flags.limits(limits);
      return this;
    }

    /**
     * Validates the configuration and builds the provider; sources are read when the OpenFeature
     * API initialises it.
     *
     * @return the provider
     * @throws FlagsConfigException listing every problem: no source, every problem of {@link
     *     Flags.Builder#problems()} (such as duplicate source names, as {@code sources[1]}), a
     *     scheduler whose clock is not the given clock
     */
    public ShipshapeProvider build() {
      Problems problems = new Problems();
      if (sources.isEmpty()) {
        problems.add("sources", "[]", "must contain at least one FlagSource");
      }
      problems.addAll(flags.problems());
      Clock effective = clock;
      if (scheduler != null) {
        if (effective == null) {
          effective = scheduler.clock();
        } else if (!scheduler.clock().equals(effective)) {
          problems.add(
              "scheduler", scheduler, "its clock must be the provider's clock '" + effective + "'");
        }
      }
      problems.throwIfAny(p -> new FlagsConfigException("OpenFeature provider", p));
      return new ShipshapeProvider(this, effective != null ? effective : Clock.systemUTC());
    }
  }
}
