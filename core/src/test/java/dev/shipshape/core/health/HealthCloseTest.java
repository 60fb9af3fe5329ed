package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.ScheduledTask;
import dev.shipshape.time.Scheduler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Health#close()} from several threads at once. */
class HealthCloseTest {

  private static final int ROUNDS = 20_000;

  /** {@code target} as a {@code type}, counting the calls of {@code method} in {@code calls}. */
  private static <T> T counting(Class<T> type, T target, String method, AtomicInteger calls) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, m, args) -> {
              if (m.getName().equals(method)) {
                calls.incrementAndGet();
              }
              return m.invoke(target, args);
            }));
  }

  @Test
  void concurrentClosesDoTheClosingWorkOnce() throws Exception {
    ManualClock clock = ManualClock.create();
    AtomicInteger cancels = new AtomicInteger();
    AtomicInteger periodic = new AtomicInteger();
    try (Scheduler manual = Scheduler.manual(clock)) {
      // every background refresh's task counts its cancellations: one per check and close
      Scheduler scheduler =
          (Scheduler)
              Proxy.newProxyInstance(
                  Scheduler.class.getClassLoader(),
                  new Class<?>[] {Scheduler.class},
                  (proxy, m, args) -> {
                    Object result = m.invoke(manual, args);
                    if (m.getName().equals("scheduleEvery")) {
                      periodic.incrementAndGet();
                      return counting(
                          ScheduledTask.class, (ScheduledTask) result, "cancel", cancels);
                    }
                    return result;
                  });
      CheckOptions refreshed =
          CheckOptions.builder()
              .probes(Probe.READINESS)
              .refreshEvery(Duration.ofSeconds(10))
              .build();
      // A thread spins until a round begins and then closes its health as this thread does, many
      // times: the closes race, as two threads shutting an application down at once do.
      AtomicReference<Health> current = new AtomicReference<>();
      AtomicInteger round = new AtomicInteger();
      AtomicInteger closed = new AtomicInteger();
      Thread closer =
          new Thread(
              () -> {
                for (int seen = 0; seen < ROUNDS; seen++) {
                  while (round.get() == seen) {
                    if (Thread.interrupted()) {
                      return; // the test failed
                    }
                    Thread.onSpinWait();
                  }
                  current.get().close();
                  closed.incrementAndGet();
                }
              });
      closer.setDaemon(true);
      closer.start();
      try {
        for (int r = 0; r < ROUNDS; r++) {
          cancels.set(0);
          periodic.set(0);
          Health health =
              Health.builder()
                  .clock(clock)
                  .scheduler(scheduler)
                  .executor(Runnable::run)
                  .check("db", HealthResult::up, refreshed)
                  .build();
          current.set(health);
          round.incrementAndGet();
          health.close();
          while (closed.get() <= r) {
            assertThat(closer.isAlive()).as("the other closer").isTrue();
            Thread.onSpinWait();
          }

          assertThat(periodic).hasValue(1);
          assertThat(cancels).as("background refreshes cancelled in round %d", r).hasValue(1);
        }
      } finally {
        closer.interrupt();
      }
    }
  }
}
