/**
 * Runnable programs that show Shipshape at work: {@link dev.shipshape.examples.ReleaseSimulation}
 * (two weeks of a service's life under a manual clock, with an HTML report) and {@link
 * dev.shipshape.examples.QuickstartService} (a live HTTP service wired with the facade).
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.examples;
