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

  /** A dependency that refuses every call: the same exception, so only the guard allocates. */
  private static final IllegalStateException DECLINED = new IllegalStateException("declined");

  private static final CompletableFuture<Integer> FAILED = CompletableFuture.failedFuture(DECLINED);

  @Test
  void aFailingCallAllocatesNoMoreThanASucceedingOne() {
    Shipshape app =
        Shipshape.builder()
            .clock(ManualClock.create())
            .logging(false)
            .guard("timed", g -> g.timeout(Duration.ofSeconds(1)).executor(Runnable::run))
            .guard("plain", g -> g.bulkhead(25).executor(Runnable::run))
            .build();
    try {
      for (Guard g : List.of(app.guard("timed"), app.guard("plain"))) {
        long asyncOk = perAsyncCall(g, DONE, 42);
        long asyncFailed = perAsyncCall(g, FAILED, 1);
        long syncOk = perSyncCall(g, ANSWER, 42);
        long syncFailed =
            perSyncCall(
                g,
                () -> {
                  throw DECLINED;
                },
                1);
        // a CompletionException or ExecutionException per failing attempt, built with its stack
        // trace for a stage or a wait nobody reads, costs hundreds to thousands of bytes more
        assertThat(asyncFailed).as(g.name() + " async").isLessThanOrEqualTo(asyncOk + 64);
        assertThat(syncFailed).as(g.name() + " sync").isLessThanOrEqualTo(syncOk + 64);
      }
    } finally {
      app.close();
    }
  }

  /** Bytes per asynchronous call of {@code g} whose stage is {@code stage}. */
  private static long perAsyncCall(Guard g, CompletableFuture<Integer> stage, int each) {
    Allocations.Measured m =
        Allocations.measure(
            20_000,
            10_000,
            () ->
                g.callAsync(() -> stage)
                    .toCompletableFuture()
                    .handle((v, e) -> e == DECLINED ? 1 : v)
                    .join());
    assertThat(m.sink()).as(g.name()).isEqualTo(each * 30_000L);
    return m.perRun();
  }

  /** Bytes per synchronous call of {@code g} running {@code call}. */
  private static long perSyncCall(Guard g, Supplier<Integer> call, int each) {
    Allocations.Measured m =
        Allocations.measure(
            20_000,
            10_000,
            () -> {
              try {
                return g.call(call);
              } catch (IllegalStateException e) {
                return e == DECLINED ? 1 : 0;
              }
            });
    assertThat(m.sink()).as(g.name()).isEqualTo(each * 30_000L);
    return m.perRun();
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
