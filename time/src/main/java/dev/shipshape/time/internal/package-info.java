/**
 * What every Shipshape module shares below its own code: the failure-isolation policy of
 * listeners and sinks, the collector of configuration problems that every builder reports
 * through, and the daemon threads of the modules' own pools. Not an API for applications; the
 * architecture rules let the other Shipshape modules use this package and no other module's
 * internals.
 */
@NullMarked
package dev.shipshape.time.internal;

import org.jspecify.annotations.NullMarked;
