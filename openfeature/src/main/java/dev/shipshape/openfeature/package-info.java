/**
 * An OpenFeature provider backed by Shipshape flags: applications written against the OpenFeature
 * API evaluate flagd-format definitions with Shipshape's evaluator, hot reload and
 * last-known-good behaviour, and can swap providers without changing a call site.
 *
 * <p>Start with {@link dev.shipshape.openfeature.ShipshapeProvider#builder()}.
 */
@NullMarked
package dev.shipshape.openfeature;

import org.jspecify.annotations.NullMarked;
