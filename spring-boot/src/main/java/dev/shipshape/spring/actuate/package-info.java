/**
 * Actuator integration: Shipshape's health checks as health contributors in Boot's {@code
 * liveness} and {@code readiness} groups, and the {@code flags}, {@code slos} and {@code rollouts}
 * endpoints.
 */
@NullMarked
package dev.shipshape.spring.actuate;

import org.jspecify.annotations.NullMarked;
