package dev.shipshape.flags.internal;

import dev.shipshape.flags.FlagDefinitionException;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.SourceFailure;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.flags.internal.source.BoundedSource;
import dev.shipshape.time.config.ConfigProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source and what its reads gave: its last good flags, its status, and the content it last
 * accepted or refused (so the same text is neither parsed nor reported twice). Reads happen
 * outside the engine's lock; {@link #apply} and the failure reports run with the lock held.
 */
final class SourceSlot {
  private static final Logger log = LoggerFactory.getLogger(SourceSlot.class);

  /** What one read of a source gave: its text (null for unchanged), or what it threw. */
  record Fetched(long ticket, @Nullable String text, @Nullable Throwable failure) {}

  final FlagSource source;
  /** The source's name, asked once (the builder checked that it answers). */
  final String name;
  private final Clock clock;
  private final FlagLimits limits;
  private final Listeners listeners;

  private CompiledFlagSet flags = (CompiledFlagSet) FlagSetParser.empty();
  private SourceStatus status = SourceStatus.NOT_LOADED;
  private @Nullable Instant lastLoaded;
  private @Nullable Instant staleSince;
  private @Nullable String lastError;
  private boolean contentFailure;
  private @Nullable String lastText;
  private @Nullable String lastFailedText;
  /** Why {@link #lastFailedText} was refused. */
  private @Nullable String lastFailedError;
  private @Nullable Throwable lastFailedCause;
  /** Numbers reads in the order they start; a read older than the last applied is dropped. */
  private final AtomicLong tickets = new AtomicLong();
  private long appliedTicket;
  /** Whether a read on a reader thread is running; another never starts behind it. */
  final AtomicBoolean reading = new AtomicBoolean();
  volatile @Nullable Instant readSince;

  /** No poll reads before this (a server's {@code Retry-After}), when not null. */
  volatile @Nullable Instant notBefore;

  private boolean hangReported;
  /** The callback registered with the source, to remove at close. */
  volatile @Nullable Runnable onChange;
  /** How often the source is polled; zero when it is read once. */
  Duration every = Duration.ZERO;

  SourceSlot(FlagSource source, Clock clock, FlagLimits limits, Listeners listeners) {
    this.source = source;
    this.name = source.name();
    this.clock = clock;
    this.limits = limits;
    this.listeners = listeners;
  }

  /** The flags of the last good read (empty before one). Caller holds the lock. */
  Map<String, CompiledFlag> flags() {
    return flags.flags;
  }

  /** The status. Caller holds the lock. */
  SourceStatus status() {
    return status;
  }

  /** The source's state. Caller holds the lock. */
  SourceState state() {
    return new SourceState(name, status, lastLoaded, staleSince, lastError);
  }

  /**
   * Reads the source. Anything it throws is that source failing: errors, checked exceptions thrown
   * sneakily and virtual machine errors (such as running out of memory on a huge document)
   * included, so no source can end polling or reach a caller.
   */
  Fetched fetch() {
    long ticket = tickets.incrementAndGet();
    try {
      String text =
          source instanceof BoundedSource
              ? ((BoundedSource) source).read(limits.maxDocumentBytes())
              : source.read();
      return new Fetched(ticket, text, null);
    } catch (Throwable e) {
      return new Fetched(ticket, null, e);
    }
  }

  /**
   * Applies one read; returns whether the source's flag set was replaced. The result of a read
   * that started before one already applied is dropped. Caller holds the lock.
   */
  boolean apply(Fetched f) {
    if (f.ticket() < appliedTicket) {
      return false;
    }
    appliedTicket = f.ticket();
    hangReported = false;
    Throwable failure = f.failure();
    if (failure instanceof BoundedSource.TooLargeException) {
      // refused before the whole document was held in memory
      return refusedUnparsed(FlagSetParser.sizeProblem(limits), failure);
    }
    if (failure instanceof BoundedSource.NotUtf8Exception) {
      BoundedSource.NotUtf8Exception notText = (BoundedSource.NotUtf8Exception) failure;
      return refusedUnparsed(
          ConfigProblem.of(notText.at(), notText.value(), "must be UTF-8 text"), failure);
    }
    if (failure != null) {
      fail(
          "cannot read " + name + ": " + failure,
          failure,
          false,
          failure instanceof VirtualMachineError);
      return false;
    }
    String text = f.text();
    if (text == null) {
      if (status != SourceStatus.FRESH && lastLoaded != null && !contentFailure) {
        markFresh();
      }
      return false;
    }
    if (text.equals(lastText)) {
      // unchanged since the last good load (or restored to it after a failure)
      if (status != SourceStatus.FRESH) {
        markFresh();
      }
      return false;
    }
    if (text.equals(lastFailedText)) {
      // the same rejected content again: parsed and reported already, unless the source was good
      // in between, or failed otherwise (unreadable, missing): then it is stale again with the
      // error of this content, not the other one
      String again = lastFailedError;
      if (again != null && !again.equals(lastError)) {
        fail(again, lastFailedCause, true, false);
      }
      return false;
    }
    return parse(text);
  }

  /** A document refused before it was parsed, with its one problem; false (nothing replaced). */
  private boolean refusedUnparsed(ConfigProblem problem, Throwable cause) {
    FlagDefinitionException refused = new FlagDefinitionException(name, List.of(problem));
    refused.initCause(cause);
    fail(refused.getMessage(), refused, true, false);
    return false;
  }

  private boolean parse(String text) {
    FlagSet parsed;
    try {
      parsed = FlagSetParser.parse(text, name, limits);
    } catch (FlagDefinitionException e) {
      refused(text, e.getMessage(), e);
      return false;
    } catch (VirtualMachineError e) {
      // not remembered as refused content: the next poll tries again
      fail("cannot load " + name + ": " + e, e, true, true);
      return false;
    } catch (RuntimeException | Error e) {
      refused(text, "cannot load " + name + ": " + e, e);
      return false;
    }
    flags = (CompiledFlagSet) parsed;
    lastText = text;
    lastFailedText = null;
    lastFailedError = null;
    lastFailedCause = null;
    markFresh();
    lastLoaded = clock.instant();
    return true;
  }

  /**
   * A read that has not returned: when it was due (a poll, a load that timed out), the source
   * says so, once per hung read. Caller holds the lock.
   */
  void stillReading() {
    if (hangReported) {
      return;
    }
    hangReported = true;
    fail("read of " + name + " has not returned since " + readSince, null, false, false);
  }

  /** Remembers refused content, so the same text is neither parsed nor reported again. */
  private void refused(String text, String message, Throwable cause) {
    lastFailedText = text;
    lastFailedError = message;
    lastFailedCause = cause;
    fail(message, cause, true, false);
  }

  private void markFresh() {
    if (status == SourceStatus.STALE || staleSince != null) {
      log.atInfo()
          .setMessage("flag source '{}' recovered")
          .addArgument(name)
          .addKeyValue("source", name)
          .log();
    }
    status = SourceStatus.FRESH;
    staleSince = null;
    lastError = null;
    contentFailure = false;
  }

  /**
   * Records a failure: the source's state, one log line per distinct message (at ERROR for a
   * virtual machine error), and the listeners.
   */
  private void fail(String message, @Nullable Throwable cause, boolean content, boolean severe) {
    Instant now = clock.instant();
    if (staleSince == null) {
      staleSince = now;
    }
    boolean sameMessage = message.equals(lastError);
    lastError = message;
    contentFailure = content;
    status = lastLoaded == null ? SourceStatus.NOT_LOADED : SourceStatus.STALE;
    if (!sameMessage) {
      (severe ? log.atError() : log.atWarn())
          .setMessage(
              lastLoaded == null
                  ? "flag source '{}' failed; it contributes no flags until a read succeeds: {}"
                  : "flag source '{}' failed; serving its last good flags: {}")
          .addArgument(name)
          .addArgument(message)
          .addKeyValue("source", name)
          .addKeyValue("status", status)
          .addKeyValue("error", message)
          .log();
    }
    Instant since = staleSince;
    listeners.sourceFailed(new SourceFailure(name, message, cause, since == null ? now : since));
  }
}
