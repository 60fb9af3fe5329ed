/**
 * Testing support for applications that use Shipshape: a JUnit Jupiter extension that gives each
 * test its own application on a manual clock, flag overrides declared with annotations, a test
 * template that runs once per flag variant, a telemetry recorder, and AssertJ assertions for SLOs
 * and health reports.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.testing;
