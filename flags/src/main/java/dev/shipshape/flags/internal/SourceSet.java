package dev.shipshape.flags.internal;

import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStateChange;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.flags.internal.SourceSlot.Fetched;
import dev.shipshape.flags.internal.source.HttpFlagSource;
import dev.shipshape.flags.internal.source.RetryAfterException;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.internal.DaemonThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources in override order and how they are read: all at once, bounded by the load timeout,
 * at build and on {@link #refreshAll()}; each on its own poll interval afterwards; and when a
 * source announces a change. Reads never run under the engine's lock, and with a system scheduler
 * never on the scheduler's thread: they run on reader threads, at most one per source at a time.
 * A read that outlives the load timeout or its next poll is reported, and applied whenever it
 * returns.
 */
final class SourceSet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SourceSet.class);
  /** The future of a read that nobody waits for: the reader applies what it read. */
  private static final CompletableFuture<@Nullable Fetched> NOBODY_WAITS =
      CompletableFuture.completedFuture(null);

  /** The longest a server's {@code Retry-After} holds a source's polls back. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  private final Scheduler scheduler;
  private final Duration loadTimeout;
  private final Listeners listeners;
  private final Object lock;
  private final Runnable rebuild;
  private final List<SourceSlot> slots = new ArrayList<>();
  private final List<ScheduledTask> polls = new ArrayList<>();
  /** Whether polls read on the thread that advances a manual clock (deterministic tests). */
  private final boolean pollInline;
  private final ExecutorService readers;
  private volatile boolean closed;

  /**
   * @param lock the engine's lock, held while reads are applied
   * @param rebuild swaps the snapshot after a source's flags changed (called with the lock held)
   */
  SourceSet(
      Clock clock,
      Scheduler scheduler,
      List<FlagSource> sources,
      FlagLimits limits,
      Duration loadTimeout,
      Listeners listeners,
      Object lock,
      Runnable rebuild) {
    this.scheduler = scheduler;
    this.loadTimeout = loadTimeout;
    this.listeners = listeners;
    this.lock = lock;
    this.rebuild = rebuild;
    for (FlagSource s : sources) {
      SourceSlot slot = new SourceSlot(s, clock, limits, listeners);
      warnIfPlainHttp(slot);
      slot.every = pollInterval(slot);
      slots.add(slot);
    }
    this.pollInline = scheduler.clock() instanceof ManualClock;
    this.readers = readers();
  }

  /** Loads every source once (bounded by the load timeout), then starts listening and polling. */
  void start() {
    loadAll();
    for (SourceSlot slot : slots) {
      Runnable onChange = () -> readNow(slot);
      if (callSource(slot, "failed to register a change callback; it is polled only",
          () -> slot.source.onChange(onChange))) {
        slot.onChange = onChange;
      }
      Duration every = slot.every;
      if (every.compareTo(Duration.ZERO) > 0) {
        polls.add(
            scheduler.scheduleEvery(
                "shipshape-flags-poll:" + slot.name, every, every, () -> poll(slot)));
      }
    }
  }

  /** Every source's last good flags merged in override order. Caller holds the lock. */
  Map<String, CompiledFlag> merged() {
    Map<String, CompiledFlag> base = new LinkedHashMap<>();
    for (SourceSlot s : slots) {
      base.putAll(s.flags());
    }
    return base;
  }

  List<SourceState> states() {
    synchronized (lock) {
      List<SourceState> out = new ArrayList<>(slots.size());
      for (SourceSlot s : slots) {
        out.add(s.state());
      }
      return out;
    }
  }

  /** Re-reads every source now, bounded by the load timeout, then applies what changed at once. */
  void refreshAll() {
    loadAll();
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads every source on the reader threads and waits until each read returned or the load
   * timeout passed (by the scheduler's clock); then applies them all at once. A source whose
   * read is still running, from before or past the timeout, is reported as such; its read goes
   * on and is applied when it returns.
   */
  private void loadAll() {
    List<CompletableFuture<@Nullable Fetched>> reads = new ArrayList<>(slots.size());
    for (int i = 0; i < slots.size(); i++) {
      reads.add(new CompletableFuture<>());
    }
    // scheduled before any read starts, so that no read can outrun its own deadline
    ScheduledTask timeout =
        scheduler.schedule(
            "shipshape-flags-load-timeout",
            loadTimeout,
            () -> reads.forEach(r -> r.complete(null)));
    for (int i = 0; i < slots.size(); i++) {
      if (!startRead(slots.get(i), reads.get(i))) {
        reads.get(i).complete(null);
      }
    }
    CompletableFuture.allOf(reads.toArray(CompletableFuture<?>[]::new)).join();
    timeout.cancel();
    List<@Nullable Fetched> results = new ArrayList<>(slots.size());
    for (CompletableFuture<@Nullable Fetched> read : reads) {
      results.add(read.join());
    }
    applyAll(results);
  }

  /**
   * Starts a read of {@code slot} on a reader thread, unless one is running already. {@code done}
   * completes with the read's result for the caller to apply; when the caller gave up first (it
   * completed {@code done} with null), the reader applies the result itself when the read
   * returns.
   *
   * @return whether the read started
   */
  private boolean startRead(SourceSlot slot, CompletableFuture<@Nullable Fetched> done) {
    if (closed || !slot.reading.compareAndSet(false, true)) {
      return false;
    }
    slot.readSince = scheduler.clock().instant();
    try {
      readers.execute(
          () -> {
            Fetched f;
            try {
              f = slot.fetch();
            } finally {
              slot.reading.set(false);
            }
            if (!done.complete(f)) {
              apply(slot, f);
            }
          });
    } catch (RejectedExecutionException closing) {
      slot.reading.set(false);
      return false;
    }
    return true;
  }

  /**
   * A poll that is due: with a manual scheduler it reads at once, on the thread that advances the
   * clock (deterministic tests); otherwise the read runs on a reader thread, so the scheduler's
   * thread, which fires every other timer, never waits on a source. One read per source at a
   * time: a poll that finds the previous read still running reports the source stale instead.
   */
  private void poll(SourceSlot slot) {
    if (closed) {
      return;
    }
    Instant notBefore = slot.notBefore;
    if (notBefore != null && scheduler.clock().instant().isBefore(notBefore)) {
      return; // the server asked for a pause (Retry-After)
    }
    if (!pollInline) {
      if (!startRead(slot, NOBODY_WAITS) && !closed) {
        reportStillReading(slot);
      }
      return;
    }
    if (!slot.reading.compareAndSet(false, true)) {
      reportStillReading(slot);
      return;
    }
    slot.readSince = scheduler.clock().instant();
    Fetched f;
    try {
      f = slot.fetch();
    } finally {
      slot.reading.set(false);
    }
    apply(slot, f);
  }

  /** Reads {@code slot} on the calling thread (a source announcing a change) and applies it. */
  private void readNow(SourceSlot slot) {
    if (!closed) {
      apply(slot, slot.fetch());
    }
  }

  private void reportStillReading(SourceSlot slot) {
    synchronized (lock) {
      if (!closed && slot.reading.get()) {
        SourceStatus before = slot.status();
        slot.stillReading();
        announce(slot, before);
      }
    }
  }

  /** Applies one source's read. */
  private void apply(SourceSlot slot, Fetched f) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      SourceStatus before = slot.status();
      holdBack(slot, f);
      if (slot.apply(f)) {
        rebuild.run();
      }
      announce(slot, before);
    }
  }

  /**
   * Applies the reads of every source at once, in override order; null stands for a read that had
   * not returned when it was waited for.
   */
  private void applyAll(List<@Nullable Fetched> results) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      SourceStatus[] before = new SourceStatus[slots.size()];
      boolean changed = false;
      for (int i = 0; i < slots.size(); i++) {
        SourceSlot slot = slots.get(i);
        before[i] = slot.status();
        Fetched f = results.get(i);
        if (f != null) {
          holdBack(slot, f);
          changed |= slot.apply(f);
        } else if (slot.reading.get()) {
          slot.stillReading();
        }
      }
      if (changed) {
        rebuild.run();
      }
      for (int i = 0; i < slots.size(); i++) {
        announce(slots.get(i), before[i]);
      }
    }
  }

  /**
   * Holds the source's polls back until the time a {@code Retry-After} in this read's failure
   * names, {@link #MAX_RETRY_AFTER} at the most; any other read lets them go on. Caller holds the
   * lock.
   */
  private void holdBack(SourceSlot slot, Fetched f) {
    Throwable failure = f.failure();
    if (failure instanceof RetryAfterException) {
      Instant now = scheduler.clock().instant();
      Instant asked = ((RetryAfterException) failure).notBefore(now);
      Instant most = now.plus(MAX_RETRY_AFTER);
      slot.notBefore = asked.isAfter(most) ? most : asked;
    } else {
      slot.notBefore = null;
    }
  }

  /** Tells the listeners when the source's status differs from {@code before}. */
  private void announce(SourceSlot slot, SourceStatus before) {
    if (slot.status() != before) {
      listeners.sourceStateChanged(new SourceStateChange(before, slot.state()));
    }
  }

  // ------------------------------------------------------------------ calls into sources

  /** A call into a source's own code. */
  @FunctionalInterface
  private interface SourceCall {
    void run() throws Exception;
  }

  /**
   * Runs a call into a source's own code; anything but a virtual machine error it throws is
   * logged as a WARN with {@code whenFailed}.
   *
   * @return whether the call returned normally
   */
  private static boolean callSource(SourceSlot slot, String whenFailed, SourceCall call) {
    try {
      call.run();
      return true;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      log.atWarn()
          .setMessage("flag source '{}' " + whenFailed + ": {}")
          .addArgument(slot.name)
          .addArgument(String.valueOf(e))
          .addKeyValue("source", slot.name)
          .setCause(e)
          .log();
      return false;
    }
  }

  /** The source's poll interval; zero, with the source read once, when asking for it fails. */
  private static Duration pollInterval(SourceSlot slot) {
    try {
      Duration every = slot.source.pollInterval();
      if (every != null && !every.isNegative()) {
        return every;
      }
      log.atWarn()
          .setMessage("flag source '{}' has no valid poll interval ({}); it is read once")
          .addArgument(slot.name)
          .addArgument(every)
          .addKeyValue("source", slot.name)
          .addKeyValue("pollInterval", every)
          .log();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      log.atWarn()
          .setMessage("flag source '{}' failed to give its poll interval; it is read once: {}")
          .addArgument(slot.name)
          .addArgument(String.valueOf(e))
          .addKeyValue("source", slot.name)
          .setCause(e)
          .log();
    }
    return Duration.ZERO;
  }

  /** Warns once per client that flag definitions travel over plain HTTP. */
  private static void warnIfPlainHttp(SourceSlot slot) {
    if (slot.source instanceof HttpFlagSource
        && ((HttpFlagSource) slot.source).unacknowledgedPlainHttp()) {
      log.atWarn()
          .setMessage(
              "flag source '{}' uses plain http: anyone on the network path can change the flag"
                  + " definitions it serves; use https, or acknowledge it for a loopback"
                  + " sidecar or a test with FlagSource.httpBuilder(uri).acknowledgePlainHttp()")
          .addArgument(slot.name)
          .addKeyValue("source", slot.name)
          .log();
    }
  }

  /**
   * The reader threads: created as reads need them, daemons, gone after 30 idle seconds. At most
   * one read per source runs at a time (a hung one, and one finishing), so their number stays
   * small without a cap that could refuse a read.
   */
  private static ExecutorService readers() {
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        DaemonThreadFactory.named("shipshape-flags-read"));
  }

  /**
   * Stops polling and listening; a read in progress is interrupted, not waited for, and its
   * result is dropped.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    for (ScheduledTask t : polls) {
      t.cancel();
    }
    readers.shutdownNow();
    for (SourceSlot slot : slots) {
      Runnable callback = slot.onChange;
      if (callback != null) {
        // a long-lived source must not keep this closed engine (and its snapshot) reachable
        callSource(slot, "failed to remove a change callback",
            () -> slot.source.removeOnChange(callback));
        slot.onChange = null;
      }
    }
  }
}
