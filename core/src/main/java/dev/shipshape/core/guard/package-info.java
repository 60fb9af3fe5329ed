/**
 * Guarded calls: a named guard composes Resilience4j's timeout, circuit breaker, retry, bulkhead
 * and rate limiter around a call, in one fixed order, with every wait measured on the
 * application's clock. A guard can feed an SLO, fall back, and be switched off by a flag.
 *
 * <p>Define a guard with {@link dev.shipshape.core.guard.GuardConfig#builder(String)} (or the
 * facade's {@code guard(name, options)}) and call through {@link dev.shipshape.core.guard.Guard}.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.core.guard;
