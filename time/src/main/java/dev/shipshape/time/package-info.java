/**
 * The one source of time for every Shipshape module.
 *
 * <p>All time is read from one injected {@link java.time.Clock}. {@link dev.shipshape.time.Ticker}
 * derives monotonic nanoseconds from that clock, and a {@link dev.shipshape.time.Scheduler} runs
 * periodic and delayed work. Under a {@link dev.shipshape.time.ManualClock} the manual scheduler
 * runs due work as the clock is advanced, so windows, timeouts and schedules are deterministic in
 * tests and a month of simulated time takes milliseconds.
 */
@NullMarked
package dev.shipshape.time;

import org.jspecify.annotations.NullMarked;
