/**
 * Fixtures for Shipshape's own tests, shared by every module's tests: the real {@code promtool}
 * ({@link dev.shipshape.testsupport.Promtool}) and a real Prometheus server on loopback ({@link
 * dev.shipshape.testsupport.PrometheusServer}), each found on the {@code PATH} (when missing the
 * calling test is skipped with how to install it, except under {@code CI=true}, where it fails);
 * a scrape target serving a registry's text ({@link dev.shipshape.testsupport.ScrapeEndpoint});
 * HTTP written by hand over loopback sockets, for hostile clients ({@link
 * dev.shipshape.testsupport.RawHttp}); log capture ({@link dev.shipshape.testsupport.LogCapture}),
 * allocation probes ({@link dev.shipshape.testsupport.Allocations}), the flagd-testbed data ({@link
 * dev.shipshape.testsupport.FlagdTestbed}) and README code samples ({@link
 * dev.shipshape.testsupport.Readme}).
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.testsupport;
