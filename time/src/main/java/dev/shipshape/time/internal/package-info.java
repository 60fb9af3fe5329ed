/**
 * What every Shipshape module shares below its own code: the failure-isolation policy of
 * listeners and sinks, and the collector of configuration problems that every builder reports
 * through. Not an API for applications; the architecture rules let the other
 * Shipshape modules use this package and no other module's internals.
 */
@NullMarked
package dev.shipshape.time.internal;

import org.jspecify.annotations.NullMarked;
