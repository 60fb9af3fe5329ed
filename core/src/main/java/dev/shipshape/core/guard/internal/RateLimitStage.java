package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import dev.shipshape.time.Ticker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import org.jspecify.annotations.Nullable;

/**
 * The rate limiter: a permit per attempt, its periods measured with the application's ticker; a
 * configured {@code timeoutDuration} becomes a wait on the application's clock.
 */
final class RateLimitStage implements Stage {

  private final String name;
  private final RateLimiter limiter;

  RateLimitStage(String name, RateLimiterConfig config, Ticker ticker) {
    this.name = name;
    this.limiter = RateLimiter.of(name, config, ticker::read);
  }

  @Override
  public long acquire() {
    return limiter.reservePermission();
  }

  @Override
  public GuardException rejection() {
    return new GuardException(
        name,
        Outcome.REJECTED_BY_RATE_LIMITER,
        "guard '" + name + "' rate limiter has no permit",
        RequestNotPermitted.createRequestNotPermitted(limiter));
  }

  @Override
  public void record(@Nullable Object value, @Nullable Throwable failure, long nanos) {
    if (failure == null) {
      limiter.onResult(value);
    } else {
      limiter.onError(failure);
    }
  }
}
