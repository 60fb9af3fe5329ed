package dev.shipshape.core.rollout;

import dev.shipshape.time.internal.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The immutable definition of a progressive rollout: which flag, which variant is rolled out,
 * the percentage steps and the interval between them, and the SLOs that halt it. Built by
 * {@link #builder(String)}; {@link Builder#build()} reports every problem at once. Whether the
 * flag really has a two-way {@code fractional} split is checked when the application is built.
 */
public final class RolloutConfig {

  /** The interval between steps when none is set: one hour. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  /** The steps when none are set: 1, 5, 25, 50 and 100 percent. */
  public static final List<Double> DEFAULT_STEPS = List.of(1.0, 5.0, 25.0, 50.0, 100.0);

  /**
   * The longest interval between steps: 100 years, so that every step's instant and its delay in
   * nanoseconds stay in range.
   */
  private static final Duration MAX_INTERVAL = Duration.ofDays(36_525);

  private final String flagKey;
  private final List<Double> steps;
  private final Duration interval;
  private final Set<String> haltOn;
  private final boolean rollBackOnHalt;
  private final boolean haltOnBudgetExhausted;
  private final @Nullable String variant;
  private final @Nullable RolloutGate gate;

  private RolloutConfig(Builder b, List<Double> steps) {
    this.flagKey = b.flagKey;
    this.steps = List.copyOf(steps);
    this.interval = b.interval;
    this.haltOn = Set.copyOf(new LinkedHashSet<>(b.haltOn));
    this.rollBackOnHalt = b.rollBackOnHalt;
    this.haltOnBudgetExhausted = b.haltOnBudgetExhausted;
    this.variant = b.variant;
    this.gate = b.gate;
  }

  /**
   * Starts a rollout definition for a flag.
   *
   * @param flagKey the key of a flag whose targeting is a two-way {@code fractional} split
   * @return a new builder
   */
  public static Builder builder(String flagKey) {
    return new Builder(flagKey);
  }

  /**
   * The flag's key.
   *
   * @return the key
   */
  public String flagKey() {
    return flagKey;
  }

  /**
   * The percentage steps, strictly increasing, each in (0, 100].
   *
   * @return the steps
   */
  public List<Double> steps() {
    return steps;
  }

  /**
   * The time between steps.
   *
   * @return a positive duration
   */
  public Duration interval() {
    return interval;
  }

  /**
   * The SLOs whose page alerts (and exhausted budgets) halt the rollout.
   *
   * @return the SLO names
   */
  public Set<String> haltOn() {
    return haltOn;
  }

  /**
   * Whether a halt also sends the split back to zero percent.
   *
   * @return true to roll back on halt
   */
  public boolean rollBackOnHalt() {
    return rollBackOnHalt;
  }

  /**
   * Whether an exhausted error budget of a {@link #haltOn()} SLO halts the rollout.
   *
   * @return true by default
   */
  public boolean haltOnBudgetExhausted() {
    return haltOnBudgetExhausted;
  }

  /**
   * The variant being rolled out, when named; otherwise the split's variant whose value is
   * {@code true} (or named {@code on}).
   *
   * @return the variant name
   */
  public Optional<String> variant() {
    return Optional.ofNullable(variant);
  }

  /**
   * The gate that decides where the rollout stands, when it is not decided in this process.
   *
   * @return the gate, or empty for an in-process rollout
   */
  public Optional<RolloutGate> gate() {
    return Optional.ofNullable(gate);
  }

  /**
   * A builder holding this definition's settings, for a variant of it.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(flagKey);
    b.steps = steps;
    b.interval = interval;
    b.haltOn.addAll(haltOn);
    b.rollBackOnHalt = rollBackOnHalt;
    b.haltOnBudgetExhausted = haltOnBudgetExhausted;
    b.variant = variant;
    b.gate = gate;
    return b;
  }

  @Override
  public String toString() {
    return "RolloutConfig{" + flagKey + ", steps=" + steps + ", every " + interval
        + (gate == null ? "" : ", gate " + gate) + "}";
  }

  /** Collects a rollout's settings; reusing a builder never changes a built definition. */
  public static final class Builder {
    private final String flagKey;
    private List<Double> steps = DEFAULT_STEPS;
    private Duration interval = DEFAULT_INTERVAL;
    private final List<String> haltOn = new ArrayList<>();
    private boolean rollBackOnHalt;
    private boolean haltOnBudgetExhausted = true;
    private @Nullable String variant;
    private @Nullable RolloutGate gate;

    private Builder(String flagKey) {
      this.flagKey = Objects.requireNonNull(flagKey, "flagKey");
    }

    /**
     * The percentage steps (default 1, 5, 25, 50, 100). The first applies when the rollout
     * starts, each next one an interval later.
     *
     * @param percents strictly increasing, each in (0, 100] and a multiple of 0.01 (the split's
     *     weights are set out of 10,000, so a finer step would serve another share than it reports);
     *     a value off a multiple only by floating-point noise, such as {@code 0.1 + 0.2}, is taken
     *     as that multiple
     * @return this builder
     */
    public Builder steps(double... percents) {
      List<Double> list = new ArrayList<>(percents.length);
      for (double p : percents) {
        list.add(p);
      }
      this.steps = list;
      return this;
    }

    /**
     * The time between steps (default one hour), on the application's clock.
     *
     * @param interval a positive duration of at most 100 years (36,525 days); for a rollout
     *     that only moves when the application calls {@link Rollout#advance()}, pause it
     * @return this builder
     */
    public Builder every(Duration interval) {
      this.interval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Halts the rollout when any of these SLOs' page alerts fires or its budget runs out.
     *
     * @param sloNames names of SLOs the application defines
     * @return this builder
     */
    public Builder haltOn(String... sloNames) {
      for (String s : sloNames) {
        haltOn.add(Objects.requireNonNull(s, "sloName"));
      }
      return this;
    }

    /**
     * Sends the split back to zero percent when the rollout halts (default: stay at the step).
     *
     * @return this builder
     */
    public Builder rollBackOnHalt() {
      return rollBackOnHalt(true);
    }

    /**
     * Whether a halt also sends the split back to zero percent (default false).
     *
     * @param rollBack true to roll back on halt
     * @return this builder
     */
    public Builder rollBackOnHalt(boolean rollBack) {
      this.rollBackOnHalt = rollBack;
      return this;
    }

    /**
     * Whether an exhausted error budget halts the rollout as a page alert does (default true).
     *
     * @param halt false to halt on page alerts only
     * @return this builder
     */
    public Builder haltOnBudgetExhausted(boolean halt) {
      this.haltOnBudgetExhausted = halt;
      return this;
    }

    /**
     * Names the variant being rolled out (default: the variant whose value is {@code true}, or
     * the one named {@code on}).
     *
     * @param variant one of the split's two variants
     * @return this builder
     */
    public Builder variant(String variant) {
      this.variant = Objects.requireNonNull(variant, "variant");
      return this;
    }

    /**
     * Lets {@code gate} decide where the rollout stands instead of this process (default: no
     * gate; the rollout runs its own schedule and halts on the application's own SLOs). A fleet
     * gate, for example, derives every instance's step from a plan in the flag's metadata and
     * an SLO verdict from Prometheus; the rollout's controls are then refused.
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder gate(RolloutGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * Validates and snapshots the definition.
     *
     * @return the definition
     * @throws RolloutConfigException listing every problem found
     */
    public RolloutConfig build() {
      Problems problems = new Problems();
      if (flagKey.isBlank()) {
        problems.add("flag", flagKey, "must not be blank");
      }
      if (steps.isEmpty()) {
        problems.add("steps", "[]", "must list at least one percentage");
      }
      List<Double> served = new ArrayList<>(steps.size());
      double before = Double.NaN;
      for (int i = 0; i < steps.size(); i++) {
        double p = steps.get(i);
        // the share the split serves: a whole number of weights out of 10,000
        double share = Math.rint(p * 100.0) / 100.0;
        if (!(p > 0.0 && p <= 100.0)) {
          problems.add("steps[" + i + "]", p, "must be in (0, 100]");
        } else if (Math.abs(p * 100.0 - Math.rint(p * 100.0)) > 1e-6 || share == 0.0) {
          problems.add("steps[" + i + "]", p, "must be a multiple of 0.01");
        } else if (i > 0 && !(share > before)) {
          problems.add(
              "steps[" + i + "]",
              p,
              "must be greater than the step before (" + steps.get(i - 1) + ")"
                  + (p > steps.get(i - 1) ? " by at least 0.01" : ""));
        }
        served.add(share);
        before = share;
      }
      if (interval.isNegative() || interval.isZero()) {
        problems.add("every", interval, "must be positive");
      } else if (interval.compareTo(MAX_INTERVAL) > 0) {
        problems.add("every", interval, "must be at most 100 years (" + MAX_INTERVAL + ")");
      }
      for (String s : haltOn) {
        if (s.isBlank()) {
          problems.add("haltOn", s, "must name an SLO");
        }
      }
      if (variant != null && variant.isBlank()) {
        problems.add("variant", variant, "must name one of the split's variants");
      }
      problems.throwIfAny(all -> new RolloutConfigException(flagKey, all));
      return new RolloutConfig(this, served);
    }

    @Override
    public String toString() {
      return "RolloutConfig.Builder{"
          + flagKey
          + ", steps="
          + Arrays.toString(steps.toArray())
          + "}";
    }
  }
}
