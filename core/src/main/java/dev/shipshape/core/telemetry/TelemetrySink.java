package dev.shipshape.core.telemetry;

/**
 * Receives Shipshape's telemetry events: implement it to forward events to logs, metrics, traces
 * or a test's recording. Register sinks with {@code Shipshape.builder().telemetry(sink)}.
 *
 * <p>Events arrive on the thread that produced them (a caller evaluating a flag, the scheduler
 * evaluating alerts, a health executor thread), so {@link #accept(TelemetryEvent)} must be cheap
 * and thread-safe. A sink that throws is logged once per cause, counted and skipped; the caller
 * and the other sinks never notice. A sink that does not {@linkplain #wants(TelemetryEvent.Kind)
 * want} a kind never receives it, and when no sink wants a kind its events are not created at all.
 *
 * <pre>{@code
 * List<TelemetryEvent> seen = new CopyOnWriteArrayList<>();
 * Shipshape ship = Shipshape.builder().telemetry(seen::add).build();
 * }</pre>
 */
@FunctionalInterface
public interface TelemetrySink {

  /**
   * Receives one event. Switch on {@link TelemetryEvent#kind()} (or test the record type) to
   * handle the kinds of interest.
   *
   * @param event the event
   */
  void accept(TelemetryEvent event);

  /**
   * Whether this sink wants events of {@code kind}. Asked once, when the facade is built; by
   * default every kind. Return false for {@link TelemetryEvent.Kind#FLAG_EVALUATED} unless the
   * sink really uses it: when no sink wants flag evaluations, evaluating a flag creates no event.
   *
   * @param kind a kind of event
   * @return true to receive events of that kind
   */
  default boolean wants(TelemetryEvent.Kind kind) {
    return true;
  }

  /**
   * Names this sink in logs and in the failure counter's {@code sink} tag. By default the simple
   * name of its class, or {@code sink-N} (its position) when that is empty or generated.
   *
   * @return a short, stable name
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * Called once after the facade is built and before any event of its scheduled work, with the
   * parts whose state a sink may poll (SLOs for budget gauges, for example). Does nothing by
   * default.
   *
   * @param context the built application's parts
   */
  default void bind(TelemetryContext context) {}

  /**
   * Called once when the facade is closed, after the last event; release what {@link
   * #bind(TelemetryContext)} registered. No event produced afterwards reaches the sink, even when
   * the application is still used; only one that another thread was delivering at that moment may
   * arrive while this runs. Does nothing by default.
   */
  default void close() {}
}
