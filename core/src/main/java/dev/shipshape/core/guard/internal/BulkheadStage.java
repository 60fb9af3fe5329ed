package dev.shipshape.core.guard.internal;

import dev.shipshape.core.guard.GuardException;
import dev.shipshape.core.telemetry.GuardedCallCompleted.Outcome;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import org.jspecify.annotations.Nullable;

/**
 * The bulkhead: a slot per attempt, held while the attempt runs; a full bulkhead refuses at once.
 */
final class BulkheadStage implements Stage {

  private final String name;
  private final Bulkhead bulkhead;

  BulkheadStage(String name, BulkheadConfig config) {
    this.name = name;
    this.bulkhead = Bulkhead.of(name, config);
  }

  @Override
  public long acquire() {
    return bulkhead.tryAcquirePermission() ? PROCEED : -1;
  }

  @Override
  public GuardException rejection() {
    return new GuardException(
        name,
        Outcome.REJECTED_BY_BULKHEAD,
        "guard '" + name + "' bulkhead is full",
        BulkheadFullException.createBulkheadFullException(bulkhead));
  }

  @Override
  public void record(@Nullable Object value, @Nullable Throwable failure, long nanos) {
    bulkhead.onComplete();
  }

  @Override
  public void release() {
    bulkhead.onComplete();
  }

  @Override
  public void abandon() {
    bulkhead.onComplete();
  }
}
