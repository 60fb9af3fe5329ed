/**
 * Rollouts across a fleet: {@link dev.shipshape.fleet.FleetGate} derives every instance's step
 * from a {@link dev.shipshape.fleet.FleetPlan} in the flag's metadata and the SLO verdict of
 * Prometheus' HTTP query API, with no store or controller of its own.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.fleet;
