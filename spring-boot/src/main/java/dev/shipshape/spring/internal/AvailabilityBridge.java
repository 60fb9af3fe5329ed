package dev.shipshape.spring.internal;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.Health;
import dev.shipshape.time.ScheduledTask;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * Keeps Shipshape's draining and Boot's readiness state in step. Boot's {@code REFUSING_TRAFFIC}
 * (for example at graceful shutdown) drains Shipshape and {@code ACCEPTING_TRAFFIC} undrains it;
 * draining Shipshape ({@code shipshape.health().drain()}) publishes {@code REFUSING_TRAFFIC},
 * noticed on the scheduler within {@link #SYNC_INTERVAL}, and undraining publishes {@code
 * ACCEPTING_TRAFFIC} again. When the application has started, Shipshape's startup probe is marked
 * started.
 */
public final class AvailabilityBridge implements ApplicationListener<ApplicationEvent>, DisposableBean {

  /** How often Shipshape's draining is compared with Boot's readiness state. */
  public static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(AvailabilityBridge.class);

  private final Shipshape shipshape;
  private final ApplicationEventPublisher publisher;
  private final Supplier<@Nullable ApplicationAvailability> availability;
  private final Object lock = new Object();
  private @Nullable ScheduledTask task;
  private boolean publishing;
  private boolean refusedByShipshape;

  /**
   * Creates the bridge.
   *
   * @param shipshape the application's Shipshape
   * @param publisher publishes readiness changes
   * @param availability Boot's availability, or null when there is none
   */
  public AvailabilityBridge(
      Shipshape shipshape,
      ApplicationEventPublisher publisher,
      Supplier<@Nullable ApplicationAvailability> availability) {
    this.shipshape = shipshape;
    this.publisher = publisher;
    this.availability = availability;
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof ApplicationStartedEvent) {
      shipshape.health().markStarted();
      start();
    } else if (event instanceof AvailabilityChangeEvent<?> change
        && change.getState() instanceof ReadinessState state) {
      synchronized (lock) {
        if (publishing) {
          return;
        }
        refusedByShipshape = false;
      }
      Health health = shipshape.health();
      if (state == ReadinessState.REFUSING_TRAFFIC) {
        health.drain();
      } else {
        health.undrain();
      }
    }
  }

  private void start() {
    synchronized (lock) {
      if (task == null) {
        task =
            shipshape
                .scheduler()
                .scheduleEvery("shipshape-readiness-sync", SYNC_INTERVAL, SYNC_INTERVAL, this::sync);
      }
    }
  }

  /** Publishes Boot's readiness state when Shipshape's draining no longer matches it. */
  public void sync() {
    ApplicationAvailability boot = availability.get();
    if (boot == null) {
      return;
    }
    boolean draining = shipshape.health().isDraining();
    ReadinessState current = boot.getReadinessState();
    ReadinessState next = null;
    synchronized (lock) {
      if (draining && current == ReadinessState.ACCEPTING_TRAFFIC) {
        next = ReadinessState.REFUSING_TRAFFIC;
        refusedByShipshape = true;
      } else if (!draining && current == ReadinessState.REFUSING_TRAFFIC && refusedByShipshape) {
        next = ReadinessState.ACCEPTING_TRAFFIC;
        refusedByShipshape = false;
      }
      if (next == null) {
        return;
      }
      publishing = true;
    }
    try {
      log.atInfo()
          .setMessage("Shipshape {} changed Boot's readiness state to {}")
          .addArgument(draining ? "draining" : "undraining")
          .addArgument(next)
          .addKeyValue("draining", draining)
          .addKeyValue("readinessState", next)
          .log();
      AvailabilityChangeEvent.publish(publisher, shipshape, next);
    } finally {
      synchronized (lock) {
        publishing = false;
      }
    }
  }

  @Override
  public void destroy() {
    synchronized (lock) {
      if (task != null) {
        task.cancel();
        task = null;
      }
    }
  }
}
