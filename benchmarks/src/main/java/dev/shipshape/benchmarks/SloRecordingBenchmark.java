package dev.shipshape.benchmarks;

import dev.shipshape.slo.Slo;
import dev.shipshape.slo.SloSnapshot;
import dev.shipshape.time.Scheduler;
import io.github.resilience4j.core.metrics.Metrics;
import io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics;
import io.github.resilience4j.core.metrics.Snapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording one outcome or one latency on the hot path, at one and two threads sharing the recorder.
 * Method names are {@code <scenario>_<contender>}: {@code count1t}/{@code count2t} record one good
 * event, {@code latency1t}/{@code latency2t} record one duration, {@code snapshot} reads the window.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SloRecordingBenchmark {

  /** A fixed latency recorded by every latency contender: 12.5 ms. */
  static final long LATENCY_NANOS = 12_500_000L;

  /**
   * A Shipshape SLO (99.9% over 28 days, 100 ms latency threshold) on the system clock, created as
   * the facade creates it: on a scheduler whose task moves the live 10-second bucket, so that
   * recording does not read the clock.
   */
  @State(Scope.Benchmark)
  public static class Shipshape {
    Scheduler scheduler;
    Slo slo;

    /** Creates the scheduler and the SLO and records events so that queries have data. */
    @Setup(Level.Trial)
    public void setUp() {
      scheduler = Scheduler.system();
      slo =
          Slo.create(
              Slo.named("checkout")
                  .objective(0.999)
                  .window(Duration.ofDays(28))
                  .latencyThreshold(Duration.ofMillis(100))
                  .build(),
              scheduler);
      if (!slo.isScheduled()) {
        throw new IllegalStateException("the SLO is not driven by its scheduler");
      }
      for (int i = 0; i < 10_000; i++) {
        slo.record(i % 500 != 0);
      }
    }

    /** Cancels the SLO's task and stops the scheduler's thread. */
    @TearDown(Level.Trial)
    public void tearDown() {
      slo.close();
      scheduler.close();
    }
  }

  /** The JDK's and Micrometer's counters and timers, shared by all benchmark threads. */
  @State(Scope.Benchmark)
  public static class Peers {
    final LongAdder longAdder = new LongAdder();
    final AtomicLong atomicLong = new AtomicLong();
    Counter counter;
    Timer timer;

    /** Registers the counter and timer in a simple registry. */
    @Setup(Level.Trial)
    public void setUp() {
      MeterRegistry registry = new SimpleMeterRegistry();
      counter = Counter.builder("requests").tag("outcome", "good").register(registry);
      timer = Timer.builder("request.latency").register(registry);
    }
  }

  /** Resilience4j's ring of per-second buckets, a 60-second window on the system clock. */
  @State(Scope.Benchmark)
  public static class Resilience4jWindow {
    SlidingTimeWindowMetrics metrics;

    /** Creates the window. */
    @Setup(Level.Trial)
    public void setUp() {
      metrics = new SlidingTimeWindowMetrics(60, Clock.systemUTC());
    }
  }

  // one good event

  @Benchmark
  @Threads(1)
  public void count1t_shipshape(Shipshape s) {
    s.slo.record(true);
  }

  @Benchmark
  @Threads(2)
  public void count2t_shipshape(Shipshape s) {
    s.slo.record(true);
  }

  @Benchmark
  @Threads(1)
  public void count1t_longAdder(Peers s) {
    s.longAdder.increment();
  }

  @Benchmark
  @Threads(2)
  public void count2t_longAdder(Peers s) {
    s.longAdder.increment();
  }

  @Benchmark
  @Threads(1)
  public long count1t_atomicLong(Peers s) {
    return s.atomicLong.incrementAndGet();
  }

  @Benchmark
  @Threads(2)
  public long count2t_atomicLong(Peers s) {
    return s.atomicLong.incrementAndGet();
  }

  @Benchmark
  @Threads(1)
  public void count1t_micrometerCounter(Peers s) {
    s.counter.increment();
  }

  @Benchmark
  @Threads(2)
  public void count2t_micrometerCounter(Peers s) {
    s.counter.increment();
  }

  @Benchmark
  @Threads(1)
  public Snapshot count1t_resilience4jTimeWindow(Resilience4jWindow s) {
    return s.metrics.record(LATENCY_NANOS, TimeUnit.NANOSECONDS, Metrics.Outcome.SUCCESS);
  }

  @Benchmark
  @Threads(2)
  public Snapshot count2t_resilience4jTimeWindow(Resilience4jWindow s) {
    return s.metrics.record(LATENCY_NANOS, TimeUnit.NANOSECONDS, Metrics.Outcome.SUCCESS);
  }

  // one latency

  @Benchmark
  @Threads(1)
  public void latency1t_shipshape(Shipshape s) {
    s.slo.recordLatencyNanos(LATENCY_NANOS);
  }

  @Benchmark
  @Threads(2)
  public void latency2t_shipshape(Shipshape s) {
    s.slo.recordLatencyNanos(LATENCY_NANOS);
  }

  @Benchmark
  @Threads(1)
  public void latency1t_micrometerTimer(Peers s) {
    s.timer.record(LATENCY_NANOS, TimeUnit.NANOSECONDS);
  }

  @Benchmark
  @Threads(2)
  public void latency2t_micrometerTimer(Peers s) {
    s.timer.record(LATENCY_NANOS, TimeUnit.NANOSECONDS);
  }

  // reading the window

  @Benchmark
  public SloSnapshot snapshot_shipshape(Shipshape s) {
    return s.slo.snapshot();
  }

  @Benchmark
  public double burnRate1h_shipshape(Shipshape s) {
    return s.slo.burnRate(Duration.ofHours(1));
  }

  @Benchmark
  public Snapshot snapshot_resilience4jTimeWindow(Resilience4jWindow s) {
    return s.metrics.getSnapshot();
  }
}
