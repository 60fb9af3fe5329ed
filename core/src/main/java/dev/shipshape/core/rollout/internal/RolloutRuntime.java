package dev.shipshape.core.rollout.internal;

import dev.shipshape.core.internal.TelemetryHub;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutConfig;
import dev.shipshape.core.rollout.RolloutConfigException;
import dev.shipshape.core.rollout.RolloutGate;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.core.rollout.Rollouts;
import dev.shipshape.core.telemetry.RolloutStepChanged.Transition;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagState;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.FractionalSplit;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and holds an application's rollouts: validates each against the flags as loaded and the
 * SLOs defined, then runs it on the scheduler. {@link #close()} stops every rollout's schedule
 * and SLO listening; the flag overrides stay as they are.
 */
public final class RolloutRuntime implements Rollouts, AutoCloseable {

  /** The part of the facade's configuration that rollouts' problems are reported under. */
  private static final String OWNER = "rollouts";

  private static final Logger LOG = LoggerFactory.getLogger(RolloutRuntime.class);

  /** Weights are set out of this total, so a step can be as fine as 0.01%. */
  static final int TOTAL_WEIGHT = 10_000;

  /**
   * The longest poll interval of a gate: 100 years, the longest interval between steps, so that
   * every poll's instant, on a whole multiple of the interval in nanoseconds, stays in range.
   */
  private static final Duration MAX_POLL_INTERVAL = Duration.ofDays(36_525);

  /** A split's two variants: the one rolled out and the other. */
  record Variants(String on, String off) {}

  final Clock clock;
  final Scheduler scheduler;
  final Flags flags;
  final Map<String, Slo> slos;
  final TelemetryHub telemetry;
  private final Map<String, ManagedRollout> rollouts = new LinkedHashMap<>();
  /** The rollouts by flag, for flag changes: read without this runtime's lock. */
  private volatile Map<String, ManagedRollout> byFlag = Map.of();

  /**
   * Tells the runtime it is attached to about every change to the flags, so that a rollout
   * whose split a reload removes halts, and resumes when the split returns. Register it with the
   * {@link Flags} the runtime is given, then {@link #attach} the runtime.
   */
  public static final class FlagWatch implements FlagListener {
    private volatile @Nullable RolloutRuntime runtime;

    /** Creates a watch that forwards nothing until a runtime is attached. */
    public FlagWatch() {}

    /**
     * Starts forwarding flag changes to {@code target}.
     *
     * @param target the rollouts to tell
     */
    public void attach(RolloutRuntime target) {
      this.runtime = target;
    }

    @Override
    public void flagSetChanged(FlagSetChange change) {
      RolloutRuntime r = runtime;
      if (r != null) {
        r.flagsChanged(change);
      }
    }
  }

  /**
   * Creates a runtime with no rollouts.
   *
   * @param clock the application's clock
   * @param scheduler the application's scheduler
   * @param flags the flags whose splits the rollouts move
   * @param slos the SLOs by name
   * @param telemetry the telemetry hub
   */
  public RolloutRuntime(
      Clock clock,
      Scheduler scheduler,
      Flags flags,
      Map<String, Slo> slos,
      TelemetryHub telemetry) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.flags = flags;
    this.slos = Map.copyOf(slos);
    this.telemetry = telemetry;
  }

  /**
   * Every problem with {@code configs} given the flags as loaded and the SLOs defined: a flag no
   * source defines, a flag without a two-way fractional split, a variant not in the split, an
   * unknown SLO, two rollouts of one flag; each under {@code rollouts} and the flag's key.
   *
   * @param configs the rollout definitions
   * @param flagSet the effective flags
   * @param sloNames the application's SLO names
   * @return the problems, empty when none
   */
  public static List<ConfigProblem> problems(
      List<RolloutConfig> configs, FlagSet flagSet, Set<String> sloNames) {
    Problems problems = new Problems();
    Set<String> seen = new HashSet<>();
    for (RolloutConfig c : configs) {
      String key = c.flagKey();
      Problems own = new Problems();
      if (!seen.add(key)) {
        own.add("flag", key, "that flag already has a rollout");
      }
      resolve(c, flagSet, own);
      RolloutGate gate = c.gate().orElse(null);
      if (gate != null) {
        Duration poll = gate.pollInterval();
        if (poll == null || poll.isNegative() || poll.isZero()) {
          own.add("gate.pollInterval", String.valueOf(poll), "must be positive");
        } else if (poll.compareTo(MAX_POLL_INTERVAL) > 0) {
          // beyond about 292 years the first poll's next one overflowed, so no poll came again
          own.add(
              "gate.pollInterval",
              String.valueOf(poll),
              "must be at most 100 years (" + MAX_POLL_INTERVAL + ")");
        }
      }
      haltOn(c, sloNames, own);
      problems.addAll(own.toList(), OWNER, key);
    }
    return problems.toList();
  }

  private static void haltOn(RolloutConfig c, Set<String> sloNames, Problems problems) {
    for (String s : c.haltOn()) {
      if (!sloNames.contains(s)) {
        problems.add("haltOn", s, "must be one of " + sloNames.stream().sorted().toList());
      }
    }
  }

  /** The rolled-out and other variant of the rollout's flag, or null with problems added. */
  static @Nullable Variants resolve(RolloutConfig c, FlagSet flagSet, Problems problems) {
    String key = c.flagKey();
    FlagDefinition def = flagSet.definition(key).orElse(null);
    if (def == null) {
      problems.add(
          "flag",
          key,
          "no flag source defines it (defined: " + flagSet.keys().stream().sorted().toList() + ")");
      return null;
    }
    FractionalSplit split = def.fractionalSplit().orElse(null);
    if (split == null) {
      problems.add(
          "flag",
          key,
          "its targeting is not a top-level fractional split"
              + " with literal variants and weights; a rollout needs"
              + " {\"fractional\": [[\"on\", 0], [\"off\", 100]]} or the like");
      return null;
    }
    List<String> names = split.buckets().stream().map(FractionalSplit.Bucket::variant).toList();
    if (names.size() != 2 || names.get(0).equals(names.get(1))) {
      problems.add(
          "flag",
          key,
          "its fractional split has variants " + names + "; a rollout needs exactly two");
      return null;
    }
    String on = c.variant().orElse(null);
    if (on == null) {
      for (String n : names) {
        if (Boolean.TRUE.equals(def.variants().get(n))) {
          on = n;
        }
      }
      if (on == null && names.contains("on")) {
        on = "on";
      }
      if (on == null) {
        problems.add("variant", "null", "must name the variant to roll out, one of " + names);
        return null;
      }
    } else if (!names.contains(on)) {
      problems.add("variant", on, "must be one of " + names);
      return null;
    }
    String off = names.get(0).equals(on) ? names.get(1) : names.get(0);
    return new Variants(on, off);
  }

  /**
   * Checks the rollout definitions the facade was given for the problems that need no flags
   * (unknown SLOs), each under {@code rollouts} and the flag's key.
   *
   * @param configs the definitions, in the order given
   * @param sloNames the application's SLO names
   * @param problems receives the problems
   * @return the valid definitions
   */
  public static List<RolloutConfig> configs(
      List<RolloutConfig> configs, Set<String> sloNames, Problems problems) {
    List<RolloutConfig> out = new ArrayList<>();
    for (RolloutConfig c : configs) {
      Problems own = new Problems();
      haltOn(c, sloNames, own);
      problems.addAll(own.toList(), OWNER, c.flagKey());
      if (own.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Checks every rollout against the flags as loaded, then starts them all; starts none if any
   * is refused.
   *
   * @param configs the definitions
   * @throws RolloutConfigException listing every problem (the first rollout's flag names it)
   */
  public synchronized void startAll(List<RolloutConfig> configs) {
    if (configs.isEmpty()) {
      return;
    }
    List<ConfigProblem> problems = problems(configs, flags.flagSet(), slos.keySet());
    if (!problems.isEmpty()) {
      throw new RolloutConfigException(configs.get(0).flagKey(), problems);
    }
    for (RolloutConfig c : configs) {
      launch(c);
    }
  }

  /**
   * Validates {@code config} against the current flags and SLOs and starts it: the first step
   * applies now (unless a halting SLO is already burning), the next one an interval later.
   *
   * @param config the definition
   * @return the running rollout
   * @throws RolloutConfigException listing every problem
   */
  public synchronized Rollout start(RolloutConfig config) {
    List<RolloutConfig> all = new ArrayList<>();
    for (ManagedRollout r : rollouts.values()) {
      all.add(r.config());
    }
    all.add(config);
    List<ConfigProblem> problems = problems(all, flags.flagSet(), slos.keySet());
    if (!problems.isEmpty()) {
      throw new RolloutConfigException(config.flagKey(), problems);
    }
    return launch(config);
  }

  /** Starts {@code config}, which has been checked against the flags, SLOs and other rollouts. */
  private Rollout launch(RolloutConfig config) {
    Problems ignored = new Problems();
    Variants v = Objects.requireNonNull(resolve(config, flags.flagSet(), ignored));
    RolloutGate gate = config.gate().orElse(null);
    ManagedRollout r;
    if (gate != null) {
      r = new GatedRollout(config, v, gate, this);
    } else {
      List<Slo> halting = new ArrayList<>();
      for (String s : config.haltOn()) {
        halting.add(slos.get(s));
      }
      r = new RolloutImpl(config, v, halting, this);
    }
    rollouts.put(config.flagKey(), r);
    byFlag = Map.copyOf(rollouts);
    r.start();
    return r;
  }

  /**
   * Lets every rollout whose flag {@code change} names check its split. Runs on the thread that
   * changed the flags, which holds the flags module's lock, so it takes no lock of its own.
   */
  void flagsChanged(FlagSetChange change) {
    Map<String, ManagedRollout> current = byFlag;
    if (current.isEmpty()) {
      return;
    }
    for (Set<String> keys : List.of(change.added(), change.removed(), change.changed())) {
      for (String key : keys) {
        ManagedRollout r = current.get(key);
        if (r != null) {
          r.flagsChanged();
        }
      }
    }
  }

  @Override
  public synchronized Optional<Rollout> find(String flagKey) {
    return Optional.ofNullable(rollouts.get(flagKey));
  }

  @Override
  public synchronized Rollout get(String flagKey) {
    Rollout r = rollouts.get(flagKey);
    if (r == null) {
      throw new IllegalArgumentException(
          "rollout was '" + flagKey + "' but must be one of " + rollouts.keySet());
    }
    return r;
  }

  @Override
  public synchronized Collection<Rollout> all() {
    return List.copyOf(rollouts.values());
  }

  /** Stops every rollout's schedule and SLO listeners. Closing twice does nothing. */
  @Override
  public synchronized void close() {
    for (ManagedRollout r : rollouts.values()) {
      r.close();
    }
  }

  /**
   * Sets the rollout's split so that {@code percent} of subjects get the rolled-out variant, out
   * of a total weight of {@value #TOTAL_WEIGHT}.
   *
   * @return false when the flag has no split to set (a reload removed it), with a warning logged
   */
  boolean setSplit(String flagKey, Variants variants, double percent) {
    int on = (int) Math.round(percent * TOTAL_WEIGHT / 100.0);
    try {
      flags
          .overrides()
          .setFractionalWeights(
              flagKey, Map.of(variants.on(), on, variants.off(), TOTAL_WEIGHT - on));
      return true;
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage(
              "rollout of flag '{}' could not set the split to {}%; the flag serves its source"
                  + " weights: {}")
          .addArgument(flagKey)
          .addArgument(percent)
          .addArgument(e.getMessage())
          .addKeyValue("flag", flagKey)
          .addKeyValue("percent", percent)
          .addKeyValue("error", e.getMessage())
          .log();
      return false;
    }
  }

  /** Whether the rollout's flag has the two-way split with the variants it was started on. */
  boolean hasSplit(RolloutConfig config, Variants variants) {
    return variants.equals(resolve(config, flags.flagSet(), new Problems()));
  }

  /**
   * Whether the flag is enabled and has the two-way split a rollout was started on. A flag whose
   * variants were renamed or added, or that its source disables, does not: setting weights on it
   * would serve nothing of what the rollout reports.
   */
  boolean hasItsSplit(RolloutConfig config, Variants variants) {
    return flagState(config.flagKey()) == FlagState.ENABLED && hasSplit(config, variants);
  }

  /**
   * Clears a rollout's override of a split that is no longer the rollout's, so the flag serves
   * its source definition and the split can come back with a later reload.
   */
  void dropSplit(String flagKey) {
    if (overridden(flagKey)) {
      flags.overrides().clear(flagKey);
    }
  }

  /** The flag's state as its sources define it, or null when none does. */
  @Nullable FlagState flagState(String flagKey) {
    return flags.flagSet().definition(flagKey).map(FlagDefinition::state).orElse(null);
  }

  /** Whether the rollout's override of its flag's split is in place. */
  boolean overridden(String flagKey) {
    return flags.overrides().keys().contains(flagKey);
  }

  /** Why a rollout halted when a reload disabled its flag or took away the split it sets. */
  String splitLostReason(String flagKey) {
    return flagState(flagKey) == FlagState.DISABLED
        ? disabledReason(flagKey)
        : splitGoneReason(flagKey);
  }

  /** Why a rollout halted when a reload took away the split it sets. */
  private static String splitGoneReason(String flagKey) {
    return "flag '" + flagKey + "' no longer has the two-way fractional split the rollout sets;"
        + " the flag serves its source definition until a reload restores the split";
  }

  /** Why a rollout halted when a reload disabled its flag. */
  private static String disabledReason(String flagKey) {
    return "flag '" + flagKey + "' is disabled by its source; the flag serves its source"
        + " definition until a reload enables it";
  }

  /** Why a rollout set its split again when a reload brought the split back. */
  static String splitBackReason(String flagKey, double percent) {
    return "flag '" + flagKey + "' has its split again; the rollout set it back to "
        + percentLabel(percent) + "%";
  }

  /** A percentage without trailing zeros: {@code 25}, {@code 0.5}. */
  static String percentLabel(double percent) {
    return BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
  }

  /** An audit entry for a transition now. */
  RolloutAuditEntry entry(
      Transition transition, double from, double to, RolloutState state, String reason) {
    return new RolloutAuditEntry(clock.instant(), transition, from, to, state, reason);
  }

  /** Emits a rollout's audited transition as a telemetry event when a sink wants it. */
  void emit(String flagKey, RolloutAuditEntry e) {
    if (telemetry.wants(TelemetryEvent.Kind.ROLLOUT_STEP_CHANGED)) {
      telemetry.emit(
          new RolloutStepChanged(
              flagKey, flagKey, e.transition(), e.fromPercent(), e.toPercent(), e.reason(),
              e.at()));
    }
  }
}
