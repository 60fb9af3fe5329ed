/**
 * Spring Boot 4 autoconfiguration for Shipshape: a {@code Shipshape} bean built from {@code
 * shipshape.*} properties, the application's {@code MeterRegistry} and {@code OpenTelemetry},
 * and {@code HealthCheck} beans.
 */
@NullMarked
package dev.shipshape.spring;

import org.jspecify.annotations.NullMarked;
