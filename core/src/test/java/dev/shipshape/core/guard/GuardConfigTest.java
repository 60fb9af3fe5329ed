package dev.shipshape.core.guard;

import static dev.shipshape.core.testing.ConfigProblems.assertProblems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.ConfigurationException;
import dev.shipshape.core.Shipshape;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GuardConfigTest {

  @Test
  void reportsEveryProblemAtOnceNamingSettingValueAndExpectation() {
    GuardConfig.Builder b =
        GuardConfig.builder(" ")
            .timeout(Duration.ZERO)
            .retry(0)
            .bulkhead(BulkheadConfig.custom().maxWaitDuration(Duration.ofSeconds(1)).build())
            .rateLimiter(0, Duration.ofSeconds(-1))
            .circuitBreaker(
                CircuitBreakerConfig.custom()
                    .enableAutomaticTransitionFromOpenToHalfOpen()
                    .build());
    assertProblems(GuardConfigException.class, b::build)
        .containsExactlyInAnyOrder(
            "timeout was 'PT0S' but must be positive",
            "retry.maxAttempts was '0' but must be at least 1",
            "rateLimiter.permits was '0' but must be at least 1",
            "rateLimiter.period was 'PT-1S' but must be positive",
            "name was ' ' but must not be blank",
            "circuitBreaker.automaticTransitionFromOpenToHalfOpenEnabled was 'true' but"
                + " must be false (it runs on Resilience4j's real-time thread; the"
                + " guard moves to half-open on the first call after the wait, on the"
                + " application's clock)",
            "bulkhead.maxWaitDuration was 'PT1S' but must be zero (a full bulkhead"
                + " rejects at once; waiting would be in real time, not on the"
                + " application's clock)");
  }

  @Test
  void aBuiltDefinitionDoesNotChangeWhenTheBuilderIsReused() {
    GuardConfig.Builder b = GuardConfig.builder("payments").retry(3);
    GuardConfig first = b.build();
    b.timeout(Duration.ofSeconds(1)).slo("checkout");
    assertThat(first.timeLimiter()).isEmpty();
    assertThat(first.slo()).isEmpty();
    assertThat(first.retry().orElseThrow().getMaxAttempts()).isEqualTo(3);
    assertThat(b.build().slo()).contains("checkout");
  }

  @Test
  void aGuardNamingAnUnknownSloIsAProblem() {
    GuardConfig config = GuardConfig.builder("payments").slo("chekout").build();
    assertProblems(
            ConfigurationException.class,
            () ->
                Shipshape.builder()
                    .clock(ManualClock.create())
                    .logging(false)
                    .slo(Slo.named("checkout").objective(0.99))
                    .guard(config)
                    .build())
        .containsExactly("guards.payments.slo was 'chekout' but must be one of [checkout]");
  }

  @Test
  void breakerChecksAreNonCriticalByDefault() {
    assertThat(GuardConfig.builder("payments").build().breakerCheck())
        .isEqualTo(GuardConfig.BreakerCheck.NON_CRITICAL);
  }

  @Test
  void refusesBreakerOptionsThatWouldRunOnAnotherClock() {
    GuardConfig.Builder b =
        GuardConfig.builder("payments")
            .circuitBreaker(
                CircuitBreakerConfig.custom()
                    .clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                    .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
                    .maxWaitDurationInHalfOpenState(Duration.ofSeconds(5))
                    .build());
    assertProblems(GuardConfigException.class, b::build)
        .containsExactly(
            "circuitBreaker.clock was 'FixedClock[1970-01-01T00:00:00Z,Z]' but must be"
                + " left unset (the guard runs its breaker on the application's clock)",
            "circuitBreaker.currentTimestampFunction was 'custom, in MILLISECONDS' but"
                + " must be left unset (the guard times every attempt on the"
                + " application's clock)",
            "circuitBreaker.maxWaitDurationInHalfOpenState was 'PT5S' but must be zero"
                + " (it runs on Resilience4j's real-time thread)");
  }

  @Test
  void acceptsBreakersDerivedFromResilience4jDefaults() {
    CircuitBreakerConfig base = CircuitBreakerConfig.custom().recordResult("bad"::equals).build();
    GuardConfig config =
        GuardConfig.builder("payments")
            .circuitBreaker(CircuitBreakerConfig.from(base).failureRateThreshold(20).build())
            .build();
    assertThat(config.circuitBreaker().orElseThrow().getFailureRateThreshold()).isEqualTo(20f);
  }
}
