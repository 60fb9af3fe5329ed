package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetryEvents;
import dev.shipshape.testsupport.Allocations;
import dev.shipshape.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a guarded call that succeeds allocates on the caller's thread while a sink wants the
 * breaker's state changes: no event per call, and for an asynchronous call no more than its own
 * stage.
 */
class GuardAllocationTest {

  /** A sink that wants only breaker state changes, as an alerting sink would. */
  private final List<TelemetryEvent> changes = new CopyOnWriteArrayList<>();

  private final Shipshape app =
      Shipshape.builder()
          .clock(ManualClock.create())
          .logging(false)
          .telemetry(
              TelemetryEvents.recording(
                  changes, kind -> kind == TelemetryEvent.Kind.CIRCUIT_BREAKER_STATE_CHANGED))
          .guard(
              "payments",
              g ->
                  g.circuitBreaker()
                      .retry(3, Duration.ofMillis(10))
                      .bulkhead(25)
                      .executor(Runnable::run))
          .build();

  private final Guard guard = app.guard("payments");
  private static final Supplier<Integer> ANSWER = () -> 42;
  private static final CompletableFuture<Integer> DONE = CompletableFuture.completedFuture(42);

  /**
   * Resilience4j logs every recorded call at DEBUG, the level tests run at: not what we measure.
   */
  private static final Logger R4J = (Logger) LoggerFactory.getLogger("io.github.resilience4j");

  private static @Nullable Level r4jLevel;

  @BeforeAll
  static void quietResilience4j() {
    r4jLevel = R4J.getLevel();
    R4J.setLevel(Level.INFO);
  }

  @AfterAll
  static void restoreResilience4j() {
    R4J.setLevel(r4jLevel);
  }

  @AfterEach
  void close() {
    app.close();
  }

  @Test
  void aSynchronousCallBuildsNoBreakerEventWhenOnlyStateChangesAreWanted() {
    Allocations.Measured m = Allocations.measure(20_000, 10_000, () -> guard.call(ANSWER));
    assertThat(m.sink()).isEqualTo(42L * 30_000);
    // Resilience4j's count window makes a small snapshot per recorded call (80 bytes measured);
    // an event per call for the breaker's consumer (248 bytes in all) would fail this
    assertThat(m.perRun()).isLessThan(200);
    assertThat(changes).noneMatch(CircuitBreakerStateChanged.class::isInstance);
  }

  @Test
  void anAsynchronousCallAllocatesLittleMoreThanItsOwnStage() {
    Allocations.Measured m =
        Allocations.measure(
            20_000, 10_000, () -> guard.callAsync(() -> DONE).toCompletableFuture().join());
    assertThat(m.sink()).isEqualTo(42L * 30_000);
    // the call's stage, which is also its callback (83 bytes measured); an intermediate future,
    // its callbacks and a retry context per call (408 bytes in all) would fail this
    assertThat(m.perRun()).isLessThan(300);
  }
}
