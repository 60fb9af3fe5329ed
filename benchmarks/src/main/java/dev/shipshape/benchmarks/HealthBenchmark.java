package dev.shipshape.benchmarks;

import dev.shipshape.core.health.CheckOptions;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthResult;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A readiness probe over 100 registered checks whose results are cached, as a load balancer polls
 * it; and one over four checks that run on every probe, each answering with a detail, on the
 * calling thread and under the system scheduler's timeout. The time for a probe to answer when one
 * check hangs is a one-shot figure measured by {@link OneShotMeasurements}, not here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HealthBenchmark {

  /** The number of registered readiness checks. */
  static final int CHECKS = 100;

  /** Shipshape health with 100 readiness checks cached for an hour, started. */
  @State(Scope.Benchmark)
  public static class CachedChecks {
    Health health;

    /** Registers the checks, marks startup complete and fills the cache with one probe. */
    @Setup(Level.Trial)
    public void setUp() {
      Health.Builder builder = Health.builder();
      CheckOptions cached =
          CheckOptions.builder().probes(Probe.READINESS).cacheFor(Duration.ofHours(1)).build();
      for (int i = 0; i < CHECKS; i++) {
        builder.check("dependency-" + i, HealthResult::up, cached);
      }
      health = builder.build();
      health.markStarted();
      HealthReport first = health.readiness();
      if (first.status() != HealthStatus.UP || first.checks().size() != CHECKS) {
        throw new IllegalStateException("unexpected first report " + first);
      }
    }

    /** Closes the health instance. */
    @TearDown(Level.Trial)
    public void tearDown() {
      health.close();
    }
  }

  @Benchmark
  public HealthReport readiness100Cached_shipshape(CachedChecks s) {
    return s.health.readiness();
  }

  @Benchmark
  public String readiness100CachedJson_shipshape(CachedChecks s) {
    return s.health.readiness().toJson(false);
  }

  /**
   * Shipshape health with four readiness checks that run on every probe, on the caller's thread.
   */
  @State(Scope.Benchmark)
  public static class RunChecks {
    Health health;

    /** Registers the checks and marks startup complete. */
    @Setup(Level.Trial)
    public void setUp() {
      Health.Builder builder = Health.builder().executor(Runnable::run);
      CheckOptions everyProbe = CheckOptions.of(Probe.READINESS);
      for (int i = 0; i < RUN_CHECKS; i++) {
        builder.check(
            "dependency-" + i, () -> HealthResult.up().withDetail("pool", "8/8"), everyProbe);
      }
      health = builder.build();
      health.markStarted();
      HealthReport first = health.readiness();
      if (first.status() != HealthStatus.UP || first.checks().size() != RUN_CHECKS) {
        throw new IllegalStateException("unexpected first report " + first);
      }
    }

    /** Closes the health instance. */
    @TearDown(Level.Trial)
    public void tearDown() {
      health.close();
    }
  }

  /** The number of checks {@link RunChecks} runs on every probe. */
  static final int RUN_CHECKS = 4;

  @Benchmark
  public HealthReport readiness4Run_shipshape(RunChecks s) {
    return s.health.readiness();
  }
}
