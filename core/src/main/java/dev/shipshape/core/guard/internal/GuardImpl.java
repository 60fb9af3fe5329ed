package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.CircuitBreakerSnapshot;
import dev.shipshape.core.guard.Guard;
import dev.shipshape.core.guard.GuardConfig;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A guard: its stages ({@link GuardParts}) composed from the Resilience4j primitives through their
 * permission APIs (acquire, record, release) instead of their decorators, so every wait and
 * deadline goes through the application's scheduler and every duration through its ticker; a
 * synchronous and an asynchronous driver walk the same stages.
 */
public final class GuardImpl implements Guard {

  private final GuardConfig config;
  private final GuardParts parts;
  private final SyncDriver sync;
  private final AsyncDriver async;
  /** The configured fallback, read once: calls without a fallback of their own use it. */
  private final @Nullable Function<? super Throwable, ?> fallback;

  GuardImpl(GuardConfig config, GuardRuntime rt) {
    this.config = config;
    this.fallback = config.fallback().orElse(null);
    this.parts = new GuardParts(config, rt);
    this.sync = new SyncDriver(parts);
    this.async = new AsyncDriver(parts);
  }

  @Override
  public String name() {
    return parts.name;
  }

  @Override
  public GuardConfig config() {
    return config;
  }

  @Override
  public Optional<CircuitBreakerSnapshot> circuitBreaker() {
    BreakerStage b = parts.breaker;
    return b == null ? Optional.empty() : Optional.of(b.snapshot());
  }

  @Override
  public String toString() {
    return "Guard{" + parts.name + "}";
  }

  @Override
  public <T> T call(Supplier<? extends T> call) {
    return sync.call(call, this.<T>guardFallback());
  }

  @Override
  public <T> T call(Supplier<? extends T> call, Function<? super Throwable, ? extends T> fallback) {
    return sync.call(call, fallback);
  }

  @Override
  public void run(Runnable action) {
    Supplier<@Nullable Object> wrapped =
        () -> {
          action.run();
          return null;
        };
    sync.<@Nullable Object>call(wrapped, this.<@Nullable Object>guardFallback());
  }

  @Override
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
    return async.call(call, this.<T>guardFallback());
  }

  @Override
  public <T> CompletionStage<T> callAsync(
      Supplier<? extends CompletionStage<T>> call,
      Function<? super Throwable, ? extends T> fallback) {
    return async.call(call, fallback);
  }

  @SuppressWarnings("unchecked")
  private <T> @Nullable Function<? super Throwable, ? extends T> guardFallback() {
    return (Function<? super Throwable, ? extends T>) fallback;
  }
}
