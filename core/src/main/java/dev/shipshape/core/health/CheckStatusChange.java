package dev.shipshape.core.health;

import org.jspecify.annotations.Nullable;

/**
 * A check's status changed, as told to {@link HealthListener#checkStatusChanged}.
 *
 * @param check the check's name
 * @param previous the previous result's status, or null for the first result
 * @param current the new result's status
 * @param message the new result's message, or null
 */
public record CheckStatusChange(
    String check, @Nullable HealthStatus previous, HealthStatus current, @Nullable String message) {}
