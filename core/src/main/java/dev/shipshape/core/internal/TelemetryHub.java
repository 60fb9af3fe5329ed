package dev.shipshape.core.internal;

import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.time.internal.Isolation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers telemetry events to the sinks that want them, isolating each sink: a sink that throws
 * is logged once per cause, counted and skipped. Producers ask {@link #wants} before creating an
 * event, so a kind nobody wants costs one array read.
 */
public final class TelemetryHub {

  private static final Logger LOG = LoggerFactory.getLogger(TelemetryHub.class);

  /** A hub without sinks: wants nothing, emits nothing. */
  public static final TelemetryHub NONE = new TelemetryHub(List.of());

  private final List<Entry> entries;
  private final Entry[][] byKind;
  private final boolean[] wanted;
  private final Isolation isolation = new Isolation();
  /** Set by {@link #close()}: no event is delivered afterwards. */
  private volatile boolean closed;

  /**
   * Creates a hub over {@code sinks}, asking each once which kinds it wants. A sink whose {@code
   * wants} or {@code name} throws is counted as failed and receives nothing.
   */
  public TelemetryHub(List<? extends TelemetrySink> sinks) {
    List<Entry> all = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (TelemetrySink sink : sinks) {
      index++;
      String name = uniqueName(nameOf(sink, index), index, names);
      all.add(new Entry(sink, name));
    }
    this.entries = List.copyOf(all);
    TelemetryEvent.Kind[] kinds = TelemetryEvent.Kind.values();
    this.byKind = new Entry[kinds.length][];
    this.wanted = new boolean[kinds.length];
    Map<TelemetryEvent.Kind, List<Entry>> lists = new EnumMap<>(TelemetryEvent.Kind.class);
    for (TelemetryEvent.Kind kind : kinds) {
      lists.put(kind, new ArrayList<>());
    }
    for (Entry e : entries) {
      for (TelemetryEvent.Kind kind : kinds) {
        boolean wants;
        try {
          wants = e.sink.wants(kind);
        } catch (Throwable failure) {
          failed(e, "wants", kind, failure);
          wants = false;
        }
        if (wants) {
          lists.get(kind).add(e);
        }
      }
    }
    for (TelemetryEvent.Kind kind : kinds) {
      List<Entry> list = lists.get(kind);
      byKind[kind.ordinal()] = list.toArray(new Entry[0]);
      wanted[kind.ordinal()] = !list.isEmpty();
    }
  }

  /** Whether any sink wants events of {@code kind}; producers skip creating events otherwise. */
  public boolean wants(TelemetryEvent.Kind kind) {
    return wanted[kind.ordinal()];
  }

  /**
   * Delivers {@code event} to every sink that wants its kind, until {@link #close()}; never
   * throws.
   */
  public void emit(TelemetryEvent event) {
    if (closed) {
      return; // the sinks are closed or closing: they were told the last event had come
    }
    Entry[] targets = byKind[event.kind().ordinal()];
    for (Entry e : targets) {
      try {
        e.sink.accept(event);
      } catch (Throwable failure) {
        failed(e, "accept", event.kind(), failure);
      }
    }
  }

  /** The sinks, in registration order. */
  public List<TelemetrySink> sinks() {
    List<TelemetrySink> sinks = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      sinks.add(e.sink);
    }
    return sinks;
  }

  /** The sinks' names, unique, in registration order. */
  public List<String> sinkNames() {
    List<String> names = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      names.add(e.name);
    }
    return names;
  }

  /** How many times the named sink threw; zero for an unknown name. */
  public long failures(String sinkName) {
    for (Entry e : entries) {
      if (e.name.equals(sinkName)) {
        return e.failures.get();
      }
    }
    return 0;
  }

  /** How many times any sink threw. */
  public long totalFailures() {
    long total = 0;
    for (Entry e : entries) {
      total += e.failures.get();
    }
    return total;
  }

  /**
   * Stops delivering events, then closes every sink when {@code closeSinks}, isolating failures.
   * An event that another thread was delivering at that moment may still reach a sink while it
   * closes; no event produced afterwards does.
   *
   * @param closeSinks whether to call each sink's {@code close()} (only bound sinks are closed)
   */
  public void close(boolean closeSinks) {
    closed = true;
    if (closeSinks) {
      forEachSink("close", TelemetrySink::close);
    }
  }

  /** Runs a lifecycle call of every sink ({@code bind}, {@code close}), isolating failures. */
  public void forEachSink(String method, java.util.function.Consumer<TelemetrySink> call) {
    for (Entry e : entries) {
      try {
        call.accept(e.sink);
      } catch (Throwable failure) {
        failed(e, method, null, failure);
      }
    }
  }

  /** Counts a sink's failure and logs it once per cause, by the shared {@link Isolation} policy. */
  private void failed(
      Entry e, String method, TelemetryEvent.@Nullable Kind kind,
      Throwable failure) {
    boolean log = isolation.failed(e.name, method, failure);
    e.failures.incrementAndGet();
    if (log) {
      Isolation.logSafely(
          failure,
          f ->
              LOG.atWarn()
                  .setMessage(
                      "telemetry sink '{}' failed in {} ({}): {}; further failures with this cause"
                          + " are counted, not logged")
                  .addArgument(e.name)
                  .addArgument(method)
                  .addArgument(kind == null ? "no event" : kind.name())
                  .addArgument(f.toString())
                  .addKeyValue("sink", e.name)
                  .addKeyValue("method", method)
                  .addKeyValue("event", kind == null ? "none" : kind.name())
                  .addKeyValue("exception", failure.getClass().getName())
                  .setCause(f)
                  .log());
    }
  }

  private static String nameOf(TelemetrySink sink, int index) {
    @Nullable String name;
    try {
      name = sink.name();
    } catch (RuntimeException | LinkageError e) {
      name = null;
    }
    if (name == null || name.isBlank() || name.contains("$") || name.contains("/")) {
      return "sink-" + index;
    }
    return name;
  }

  private static String uniqueName(String name, int index, Set<String> taken) {
    String candidate = name;
    if (!taken.add(candidate)) {
      candidate = name + "-" + index;
      taken.add(candidate);
    }
    return candidate;
  }

  private static final class Entry {
    final TelemetrySink sink;
    final String name;
    final AtomicLong failures = new AtomicLong();

    Entry(TelemetrySink sink, String name) {
      this.sink = sink;
      this.name = name;
    }
  }
}
