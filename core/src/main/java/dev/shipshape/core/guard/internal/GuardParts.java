package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A guard's stages in their fixed order, built once from its definition, and what both drivers
 * share: the kill switch asked once per call; the circuit breaker, rate limiter and bulkhead
 * acquired for each attempt, outermost first; the deadline that runs each attempt; the retry plan
 * between attempts; and the call's ending.
 */
final class GuardParts {

  final String name;
  final GuardRuntime rt;
  /** Stages asked once per call, before the first attempt. */
  final Stage[] perCall;
  /** Stages acquired for each attempt, outermost first. */
  final Stage[] perAttempt;
  /** Whether acquiring {@link #perAttempt} may wait, so an attempt's start is read after it. */
  final boolean attemptMayWait;
  final @Nullable BreakerStage breaker;
  final @Nullable DeadlineStage deadline;
  final @Nullable RetryPlan retry;
  final CallEnding ending;
  final Executor executor;
  final String waitTask;
  private final Predicate<Throwable> successOn;

  GuardParts(GuardConfig config, GuardRuntime rt) {
    this.name = config.name();
    this.rt = rt;
    this.successOn = config.successOn();
    this.waitTask = "guard-wait-" + name;
    this.executor = rt.executorFor(config.executor().orElse(null));
    String flag = config.killSwitchFlag().orElse(null);
    this.perCall =
        flag == null || rt.flags == null
            ? new Stage[0]
            : new Stage[] {new KillSwitchStage(name, rt.flags, flag)};
    List<Stage> attempt = new ArrayList<>();
    this.breaker =
        config.circuitBreaker().map(c -> new BreakerStage(name, c, successOn, rt)).orElse(null);
    if (breaker != null) {
      attempt.add(breaker);
    }
    config.rateLimiter().ifPresent(c -> attempt.add(new RateLimitStage(name, c, rt.ticker)));
    this.attemptMayWait = config.rateLimiter().isPresent();
    config.bulkhead().ifPresent(c -> attempt.add(new BulkheadStage(name, c)));
    this.perAttempt = attempt.toArray(new Stage[0]);
    TimeLimiterConfig tl = config.timeLimiter().orElse(null);
    this.deadline =
        tl == null
            ? null
            : new DeadlineStage(
                name, rt, tl.getTimeoutDuration(), tl.shouldCancelRunningFuture(), executor);
    this.retry = config.retry().map(c -> new RetryPlan(name, c)).orElse(null);
    this.ending =
        new CallEnding(
            name,
            rt,
            config.slo().map(rt.slos::get).orElse(null),
            tl == null ? null : tl.getTimeoutDuration());
  }

  /** Records an attempt that ran in every stage, innermost first, and says how it ended. */
  Settled settle(@Nullable Object value, @Nullable Throwable failure, long nanos) {
    Stage.recordAll(perAttempt, value, failure, nanos);
    return Settled.of(failure, successOn);
  }
}
