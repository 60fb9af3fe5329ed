/**
 * Fixtures for Shipshape's own tests: the real {@code promtool} ({@link
 * dev.shipshape.testsupport.Promtool}) and a real Prometheus server on loopback ({@link
 * dev.shipshape.testsupport.PrometheusServer}). Each finds its tool on the {@code PATH}; when it is
 * missing the calling test is skipped with how to install it, except under {@code CI=true}, where
 * it fails.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.testsupport;
