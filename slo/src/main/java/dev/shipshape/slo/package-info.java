/**
 * Service level objectives for one process: lock-free SLI recording into a multi-resolution ring of
 * time buckets, rolling-window error budgets, multiwindow multi-burn-rate alerts, OpenSLO import
 * and Prometheus rule export for fleets.
 *
 * <p>Start with {@link dev.shipshape.slo.Slo#named(String)} (or {@link
 * dev.shipshape.slo.OpenSlo#load(java.nio.file.Path)}), then {@link
 * dev.shipshape.slo.Slo#create(SloDefinition, java.time.Clock)}.
 */
@NullMarked
package dev.shipshape.slo;

import org.jspecify.annotations.NullMarked;
