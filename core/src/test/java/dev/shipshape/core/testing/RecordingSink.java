package dev.shipshape.core.testing;

import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Keeps every event it receives, for assertions. */
public class RecordingSink implements TelemetrySink {

  private final List<TelemetryEvent> events = new ArrayList<>();

  @Override
  public void accept(TelemetryEvent event) {
    synchronized (events) {
      events.add(event);
    }
  }

  @Override
  public String name() {
    return "recording";
  }

  /** Every event so far, in arrival order. */
  public List<TelemetryEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The events of one record type. */
  public <E extends TelemetryEvent> List<E> events(Class<E> type) {
    return events().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  /** The events of one record type matching {@code filter}. */
  public <E extends TelemetryEvent> List<E> events(Class<E> type, Predicate<? super E> filter) {
    return events(type).stream().filter(filter).collect(Collectors.toList());
  }

  /** Forgets every event so far. */
  public void clear() {
    synchronized (events) {
      events.clear();
    }
  }
}
