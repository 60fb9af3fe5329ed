/** The fleet gate's implementation: the schedule, the Prometheus question and its answer. */
@org.jspecify.annotations.NullMarked
package dev.shipshape.fleet.internal;
