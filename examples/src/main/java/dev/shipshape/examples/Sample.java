package dev.shipshape.examples;

import java.time.Instant;

/**
 * The state of the simulated service at one instant, as plotted in the report.
 *
 * @param at the simulated instant
 * @param rolloutPercent the share of users on the new checkout path
 * @param budgetRemaining the checkout SLO's error budget left, as a fraction (1.0 is untouched)
 * @param burn5m the burn rate over the last five minutes
 * @param burn1h the burn rate over the last hour
 * @param burn6h the burn rate over the last six hours
 * @param requests checkouts since the previous sample
 * @param failed failed checkouts since the previous sample
 */
public record Sample(
    Instant at,
    double rolloutPercent,
    double budgetRemaining,
    double burn5m,
    double burn1h,
    double burn6h,
    long requests,
    long failed) {}
