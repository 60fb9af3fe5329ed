package dev.shipshape.openfeature.internal;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStateChange;
import dev.shipshape.openfeature.internal.SourceHealth.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the flags client tells its listeners into OpenFeature provider events:
 * CONFIGURATION_CHANGED with the changed keys, and READY, STALE or ERROR whenever the status the
 * sources' states amount to changes. Driven by the client's callbacks alone, never by polling.
 */
public final class ProviderEvents {
  private static final Logger log = LoggerFactory.getLogger(ProviderEvents.class);

  /** Emits one provider event through the SDK. */
  @FunctionalInterface
  public interface Emitter {
    /**
     * Emits the event.
     *
     * @param event the event
     * @param details its details
     */
    void emit(ProviderEvent event, ProviderEventDetails details);
  }

  private final Emitter emitter;
  private final Supplier<@Nullable Flags> running;
  private final Runnable flagsChanged;
  /** The provider status last announced (or reported by initialisation). */
  private final AtomicReference<@Nullable Status> observed = new AtomicReference<>();

  /**
   * @param emitter the provider's emit
   * @param running the provider's running flags client, or null when it is not running
   * @param flagsChanged called before CONFIGURATION_CHANGED is emitted (to drop cached results)
   */
  public ProviderEvents(
      Emitter emitter, Supplier<@Nullable Flags> running, Runnable flagsChanged) {
    this.emitter = emitter;
    this.running = running;
    this.flagsChanged = flagsChanged;
  }

  /**
   * A listener for a new flags client; call {@link Bridge#serve} once it is built. It stays
   * silent while its client is not the running one (the initial load, or after shutdown).
   *
   * @return the listener
   */
  public Bridge bridge() {
    return new Bridge();
  }

  /**
   * Records the status the provider starts with. The SDK announces READY or ERROR itself; STALE
   * is emitted here.
   *
   * @param states the sources' states after the initial load
   * @return the status
   */
  public Status initialized(List<SourceState> states) {
    Status status = SourceHealth.of(states);
    observed.set(status);
    if (status == Status.STALE) {
      emitSafely(
          ProviderEvent.PROVIDER_STALE,
          ProviderEventDetails.builder().message(SourceHealth.describeProblems(states)).build());
    }
    return status;
  }

  /**
   * Announces the status the sources' states amount to, when it differs from the last one. Called
   * by the flags client as a source's status changes, with its lock held, so calls never overlap.
   */
  private void observe(List<SourceState> states) {
    Status now = SourceHealth.of(states);
    if (observed.getAndSet(now) == now) {
      return;
    }
    String message = SourceHealth.describeProblems(states);
    switch (now) {
      case READY:
        emitSafely(ProviderEvent.PROVIDER_READY,
            ProviderEventDetails.builder().message(message).build());
        break;
      case STALE:
        emitSafely(ProviderEvent.PROVIDER_STALE,
            ProviderEventDetails.builder().message(message).build());
        break;
      default:
        emitSafely(ProviderEvent.PROVIDER_ERROR,
            ProviderEventDetails.builder().message(message).errorCode(ErrorCode.GENERAL).build());
        break;
    }
  }

  private void emitSafely(ProviderEvent event, ProviderEventDetails details) {
    try {
      emitter.emit(event, details);
    } catch (RuntimeException e) {
      log.atDebug()
          .setMessage("provider event not delivered")
          .addKeyValue("event", event)
          .addKeyValue("error", e.getClass().getName())
          .log();
    }
  }

  /** The flags client's listener. */
  public final class Bridge implements FlagListener {
    private volatile @Nullable Flags flags;

    private Bridge() {}

    /**
     * Names the client this listener serves.
     *
     * @param client the flags client it was registered with
     */
    public void serve(Flags client) {
      this.flags = client;
    }

    /** The flags client this bridge serves, while it is the running one. */
    private @Nullable Flags current() {
      Flags f = flags;
      return f != null && running.get() == f ? f : null;
    }

    @Override
    public void flagSetChanged(FlagSetChange change) {
      if (current() == null) {
        return; // the initial load (the SDK announces READY itself), or a client shut down
      }
      flagsChanged.run();
      Set<String> keys = new TreeSet<>(change.added());
      keys.addAll(change.removed());
      keys.addAll(change.changed());
      emitSafely(
          ProviderEvent.PROVIDER_CONFIGURATION_CHANGED,
          ProviderEventDetails.builder()
              .flagsChanged(new ArrayList<>(keys))
              .message("flags changed: " + keys.size())
              .build());
    }

    @Override
    public void sourceStateChanged(SourceStateChange change) {
      Flags f = current();
      if (f != null) {
        observe(f.sourceStates());
      }
    }
  }
}
