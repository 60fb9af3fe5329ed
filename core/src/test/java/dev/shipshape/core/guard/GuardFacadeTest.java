package dev.shipshape.core.guard;

import static dev.shipshape.core.testing.ConfigProblems.assertProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.core.Shipshape;
import dev.shipshape.core.guard.internal.GuardSet;
import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.telemetry.CircuitBreakerStateChanged;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.core.telemetry.GuardedCallCompleted;
import dev.shipshape.core.testing.ObservedApp;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.slo.WindowEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Guards as an application gets them from the facade. */
class GuardFacadeTest {

  private final ObservedApp observed = new ObservedApp();
  private final InMemoryFlagSource flags =
      FlagSource.inMemory().putBoolean("payments-enabled", true);

  private Shipshape.Builder app() {
    return observed
        .builder(flags)
        .slo(Slo.named("payments").objective(0.99).latencyThreshold(Duration.ofMillis(300)))
        .guard(
            "payments",
            g ->
                g.retry(2, Duration.ZERO)
                    .circuitBreaker(
                        CircuitBreakerConfig.custom()
                            .slidingWindow(4, 4, SlidingWindowType.COUNT_BASED)
                            .waitDurationInOpenState(Duration.ofSeconds(30))
                            .permittedNumberOfCallsInHalfOpenState(1)
                            .build())
                    .slo("payments")
                    .killSwitch("payments-enabled"));
  }

  @Test
  void anOpenBreakerIsReportedInReadinessWithoutTakingTheInstanceOut() {
    try (Shipshape ship = app().build()) {
      Guard payments = ship.guard("payments");
      AtomicInteger calls = new AtomicInteger();
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(
            () ->
                payments.call(
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("gateway down");
                    }));
      }
      assertThat(calls).hasValue(4);

      HealthReport ready = ship.health().readiness();
      CheckReport breaker =
          ready.check(Shipshape.CIRCUIT_BREAKER_CHECK_PREFIX + "payments").orElseThrow();
      assertThat(breaker.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(breaker.critical()).isFalse();
      assertThat(breaker.details()).containsEntry("state", "OPEN");
      assertThat(ready.status()).isEqualTo(HealthStatus.UP);

      observed.clock.advance(Duration.ofSeconds(31));
      assertThat(payments.call(() -> "charged")).isEqualTo("charged");
      assertThat(ship.health().readiness().check("circuit-breaker:payments").orElseThrow().status())
          .isEqualTo(HealthStatus.UP);

      assertThat(observed.recorder.events(CircuitBreakerStateChanged.class))
          .extracting(e -> e.from() + "->" + e.to())
          .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
      assertThat(observed.recorder.events(GuardedCallCompleted.class))
          .extracting(GuardedCallCompleted::outcome, GuardedCallCompleted::attempts)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Outcome.FAILURE, 2),
              org.assertj.core.groups.Tuple.tuple(Outcome.FAILURE, 2),
              org.assertj.core.groups.Tuple.tuple(Outcome.SUCCESS, 1));
      assertThat(ship.slo("payments").events(Duration.ofHours(1)))
          .isEqualTo(new WindowEvents(1, 2));
      assertThat(
              observed.registry
                  .get("shipshape.guard.calls")
                  .tags("guard", "payments", "outcome", "failure")
                  .timer()
                  .count())
          .isEqualTo(2);
    }
  }

  @Test
  void theBreakerSnapshotShowsTheBreakerOpeningAndIsTakenAfreshOnEachCall() {
    try (Shipshape ship = app().build()) {
      Guard payments = ship.guard("payments");
      CircuitBreakerSnapshot closed = payments.circuitBreaker().orElseThrow();
      assertThat(closed.state()).isEqualTo(CircuitBreakerSnapshot.State.CLOSED);
      assertThat(closed.bufferedCalls()).isZero();
      assertThat(closed.failureRate()).isEqualTo(-1f);

      assertThat(payments.call(() -> "charged")).isEqualTo("charged");
      assertThat(payments.call(() -> "charged")).isEqualTo("charged");
      // two attempts, both failing: the window of four is half failures
      payments.call(
          () -> {
            throw new IllegalStateException("gateway down");
          },
          e -> "pending");
      CircuitBreakerSnapshot open = payments.circuitBreaker().orElseThrow();
      assertThat(open.state()).isEqualTo(CircuitBreakerSnapshot.State.OPEN);
      assertThat(open.refusesCalls()).isTrue();
      assertThat(open.failureRate()).isEqualTo(50f);
      assertThat(open.bufferedCalls()).isEqualTo(4);
      assertThat(open.failedCalls()).isEqualTo(2);
      assertThat(open.successfulCalls()).isEqualTo(2);
      assertThat(payments.call(() -> "charged", e -> "pending")).isEqualTo("pending");
      assertThat(payments.circuitBreaker().orElseThrow().notPermittedCalls()).isEqualTo(1);
      // a snapshot never changes once taken
      assertThat(closed.state()).isEqualTo(CircuitBreakerSnapshot.State.CLOSED);
      assertThat(open.notPermittedCalls()).isZero();
    }
  }

  @Test
  void aGuardWithoutABreakerHasNoSnapshot() {
    try (Shipshape ship = app().guard("search", g -> g.retry(2)).build()) {
      assertThat(ship.guard("search").circuitBreaker()).isEmpty();
    }
  }

  @Test
  void theKillSwitchFlagComesFromTheApplicationsFlags() {
    try (Shipshape ship = app().build()) {
      flags.putBoolean("payments-enabled", false);
      assertThat(ship.guard("payments").call(() -> "live", e -> "switched off"))
          .isEqualTo("switched off");
      assertThat(observed.recorder.events(GuardedCallCompleted.class).get(0).outcome())
          .isEqualTo(Outcome.DISABLED_BY_FLAG);
    }
  }

  @Test
  void buildReportsGuardProblemsWithTheOtherConfigurationProblems() {
    assertProblems(
            ConfigurationException.class,
            () ->
                app()
                    .guard("payments", g -> g.timeout(Duration.ofSeconds(1)))
                    .guard("search", g -> g.slo("serach").bulkhead(0))
                    .slo(Slo.named("").objective(2))
                    .build())
        .contains(
            "guards.payments.name was 'payments' but is already used by another guard",
            "guards.search.bulkhead.maxConcurrentCalls was '0' but must be at least 1");
    assertProblems(
            ConfigurationException.class,
            () ->
                app()
                    .healthCheck(
                        "circuit-breaker:payments",
                        dev.shipshape.core.health.HealthResult::up,
                        dev.shipshape.core.health.Probe.READINESS)
                    .build())
        .containsExactly(
            "healthChecks.circuit-breaker:payments.name was 'circuit-breaker:payments'"
                + " but names starting with 'circuit-breaker:' are reserved for guards'"
                + " circuit breakers");
    assertProblems(
            ConfigurationException.class, () -> app().guard("search", g -> g.slo("serach")).build())
        .containsExactly("guards.search.slo was 'serach' but must be one of [payments]");
  }

  @Test
  void guardsListedInOrderAndUnknownNamesRefused() {
    try (Shipshape ship = app().guard("search", g -> g.bulkhead(10)).build()) {
      assertThat(ship.guards()).extracting(Guard::name).containsExactly("payments", "search");
      assertThatThrownBy(() -> ship.guard("paymnts"))
          .hasMessage("guard was 'paymnts' but must be one of [payments, search]");
      Set<String> checks =
          ship.health().readiness().checks().stream()
              .map(CheckReport::name)
              .collect(Collectors.toSet());
      assertThat(checks)
          .contains("circuit-breaker:payments")
          .doesNotContain("circuit-breaker:search");
    }
  }

  @Test
  void closingTheApplicationStopsTheGuardThreads() {
    Shipshape ship = app().guard("slow", g -> g.timeout(Duration.ofSeconds(5))).build();
    assertThat(ship.guard("slow").call(() -> Thread.currentThread().getName()))
        .startsWith("shipshape-guard-");
    ship.close();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("shipshape-guard-") && t.isAlive()));
    assertThat(Shipshape.CIRCUIT_BREAKER_CHECK_PREFIX).isEqualTo(GuardSet.CHECK_PREFIX);
  }
}
