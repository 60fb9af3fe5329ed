/**
 * What every Shipshape module shares below its own code: the failure-isolation policy of
 * listeners and sinks, the collector of configuration problems that every builder reports
 * through, JSON string literals, the daemon threads of the modules' own pools, and for the
 * modules that talk HTTP the naming of a URL without its secrets and a size-bounded response
 * body. Not an API for applications; the architecture rules let the other Shipshape modules use
 * this package and no other module's internals.
 */
@NullMarked
package dev.shipshape.time.internal;

import org.jspecify.annotations.NullMarked;
