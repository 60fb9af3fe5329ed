package dev.shipshape.testing;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.core.telemetry.FlagEvaluated;
import dev.shipshape.core.telemetry.HealthStatusChanged;
import dev.shipshape.core.telemetry.RolloutStepChanged;
import dev.shipshape.core.telemetry.SloAlertChange;
import dev.shipshape.core.telemetry.SloAlertFired;
import dev.shipshape.core.telemetry.SloAlertResolved;
import dev.shipshape.core.telemetry.TelemetryContext;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.Flags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A telemetry sink that keeps every event in memory, in arrival order, for a test to query: which
 * flags were evaluated with which variants, which SLO alerts fired, which health statuses
 * changed, which rollout steps happened. {@link ShipshapeExtension} registers one with each
 * test's application; {@link ShipshapeAssertions#assertThat(TelemetryRecorder)} asserts on it.
 *
 * <p>Thread-safe. It wants every kind of event, flag evaluations included, so evaluation events
 * are created for every evaluation while it is registered.
 */
public final class TelemetryRecorder implements TelemetrySink {

  private final ConcurrentLinkedQueue<TelemetryEvent> events = new ConcurrentLinkedQueue<>();

  /** The flags of every application this recorder was registered with, held weakly. */
  private final Map<Flags, Boolean> boundTo = Collections.synchronizedMap(new WeakHashMap<>());

  private TelemetryRecorder() {}

  /**
   * A recorder with no events; pass it to {@code Shipshape.builder().telemetry(..)}.
   *
   * @return a new recorder
   */
  public static TelemetryRecorder create() {
    return new TelemetryRecorder();
  }

  @Override
  public void accept(TelemetryEvent event) {
    events.add(event);
  }

  @Override
  public String name() {
    return "test-recorder";
  }

  @Override
  public void bind(TelemetryContext context) {
    boundTo.put(context.flags(), Boolean.TRUE);
  }

  /**
   * Whether this recorder was registered with {@code application}'s builder, so that the
   * application's telemetry reaches it. A test that asserts on a recorder the application does not
   * send to would see no event, and an assertion that something did not happen would pass without
   * checking anything.
   *
   * @param application an application
   * @return true if it was built with this recorder among its telemetry sinks
   */
  public boolean isRegisteredWith(Shipshape application) {
    Objects.requireNonNull(application, "application");
    return boundTo.containsKey(application.flags());
  }

  /**
   * Every event so far, in arrival order.
   *
   * @return an immutable copy
   */
  public List<TelemetryEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The events of one type so far, in arrival order.
   *
   * @param type an event record type such as {@code FlagEvaluated.class}
   * @param <T> the type
   * @return an immutable list
   */
  public <T extends TelemetryEvent> List<T> events(Class<T> type) {
    Objects.requireNonNull(type, "type");
    List<T> out = new ArrayList<>();
    for (TelemetryEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The evaluations of one flag, in order.
   *
   * @param flagKey the flag key
   * @return the evaluation events
   */
  public List<FlagEvaluated> flagEvaluations(String flagKey) {
    return filter(FlagEvaluated.class, e -> e.flagKey().equals(flagKey));
  }

  /**
   * The variants one flag was evaluated to, in order, one entry per evaluation; an evaluation
   * that returned the caller's default (an error, a disabled flag) appears as {@code null}.
   *
   * @param flagKey the flag key
   * @return the variant names
   */
  public List<@Nullable String> variantsEvaluated(String flagKey) {
    List<@Nullable String> out = new ArrayList<>();
    for (FlagEvaluated e : flagEvaluations(flagKey)) {
      out.add(e.variant());
    }
    return out;
  }

  /**
   * The alert pairs of one SLO that started firing, in order.
   *
   * @param slo the SLO's name
   * @return the events
   */
  public List<SloAlertFired> alertsFired(String slo) {
    return filter(SloAlertFired.class, e -> e.slo().equals(slo));
  }

  /**
   * The alert pairs of one SLO that stopped firing, in order.
   *
   * @param slo the SLO's name
   * @return the events
   */
  public List<SloAlertResolved> alertsResolved(String slo) {
    return filter(SloAlertResolved.class, e -> e.slo().equals(slo));
  }

  /**
   * Every alert change of one SLO (fired and resolved), in order.
   *
   * @param slo the SLO's name
   * @return the events
   */
  public List<SloAlertChange> alertChanges(String slo) {
    return filter(SloAlertChange.class, e -> e.slo().equals(slo));
  }

  /**
   * The statuses a probe changed to, in order.
   *
   * @param probe the probe
   * @return the statuses, the first report included
   */
  public List<HealthStatus> statusesOf(Probe probe) {
    List<HealthStatus> out = new ArrayList<>();
    for (HealthStatusChanged e : filter(HealthStatusChanged.class, e -> e.probe() == probe)) {
      out.add(e.current());
    }
    return out;
  }

  /**
   * The statuses a check changed to, in order.
   *
   * @param check the check's name
   * @return the statuses, the first result included
   */
  public List<HealthStatus> statusesOfCheck(String check) {
    List<HealthStatus> out = new ArrayList<>();
    for (HealthStatusChanged e : filter(HealthStatusChanged.class, e -> check.equals(e.check()))) {
      out.add(e.current());
    }
    return out;
  }

  /**
   * The steps of one rollout, in order.
   *
   * @param rollout the rollout's name
   * @return the events
   */
  public List<RolloutStepChanged> rolloutSteps(String rollout) {
    return filter(RolloutStepChanged.class, e -> e.rollout().equals(rollout));
  }

  /**
   * The transitions of one rollout, in order.
   *
   * @param rollout the rollout's name
   * @return the transitions
   */
  public List<RolloutStepChanged.Transition> rolloutTransitions(String rollout) {
    List<RolloutStepChanged.Transition> out = new ArrayList<>();
    for (RolloutStepChanged e : rolloutSteps(rollout)) {
      out.add(e.transition());
    }
    return out;
  }

  /** Forgets every event so far, for example after the application's start-up. */
  public void clear() {
    events.clear();
  }

  @Override
  public String toString() {
    return "TelemetryRecorder{events=" + events.size() + "}";
  }

  private <T extends TelemetryEvent> List<T> filter(Class<T> type, Predicate<T> test) {
    List<T> out = new ArrayList<>();
    for (TelemetryEvent e : events) {
      if (type.isInstance(e) && test.test(type.cast(e))) {
        out.add(type.cast(e));
      }
    }
    return out;
  }
}
