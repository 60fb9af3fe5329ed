package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each listener hears a check's or a probe's changes in the order they happened, one call at a
 * time, even when a slow listener is still busy with an earlier change while another thread makes
 * the next one; and a change has reached every listener when the call that made it returns.
 */
@Timeout(20)
class HealthListenerOrderTest {

  private static final long WAIT_SECONDS = 10;

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final ExecutorService first = Executors.newSingleThreadExecutor();
  private final ExecutorService second = Executors.newSingleThreadExecutor();
  private final ExecutorService checks = Executors.newCachedThreadPool();
  private final AtomicReference<HealthResult> db = new AtomicReference<>(HealthResult.up());
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  /** The listener registered after the slow one. */
  private final Recording fast = new Recording(c -> false);
  private Health health;

  @AfterEach
  void tearDown() {
    release.countDown();
    first.shutdownNow();
    second.shutdownNow();
    checks.shutdownNow();
    if (health != null) {
      health.close();
    }
    scheduler.close();
  }

  /**
   * Records the changes it hears; the calls for which {@code blockOn} holds wait until {@link
   * #release} (a slow listener). Counts the calls in progress at once.
   */
  private final class Recording implements HealthListener {
    final List<String> heard = new CopyOnWriteArrayList<>();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger mostInside = new AtomicInteger();
    private final Predicate<Object> blockOn;

    Recording(Predicate<Object> blockOn) {
      this.blockOn = blockOn;
    }

    @Override
    public void probeStatusChanged(ProbeStatusChange c) {
      hear(c, c.probe() + ":" + c.previous() + "->" + c.current());
    }

    @Override
    public void checkStatusChanged(CheckStatusChange c) {
      hear(c, c.check() + ":" + c.previous() + "->" + c.current());
    }

    private void hear(Object change, String text) {
      mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
      try {
        if (blockOn.test(change)) {
          entered.countDown();
          assertThat(release.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        heard.add(text);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.decrementAndGet();
      }
    }
  }

  private Health build(Recording slow, Executor checkExecutor) {
    health =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(checkExecutor)
            .check("db", () -> db.get(), Probe.READINESS)
            .listener(slow)
            .listener(fast)
            .build();
    return health;
  }

  private static Predicate<Object> downOf(Class<?> type) {
    return c ->
        type.isInstance(c)
            && (c instanceof CheckStatusChange
                ? ((CheckStatusChange) c).current() == HealthStatus.DOWN
                : ((ProbeStatusChange) c).current() == HealthStatus.DOWN);
  }

  @Test
  void checkChangesReachEachListenerInTheOrderTheyHappenedWhileASlowListenerIsBusy()
      throws Exception {
    heardInOrderWhileTheSlowOneIsBusyWith(downOf(CheckStatusChange.class), "db:");
  }

  @Test
  void probeChangesReachEachListenerInTheOrderTheyHappenedWhileASlowListenerIsBusy()
      throws Exception {
    heardInOrderWhileTheSlowOneIsBusyWith(downOf(ProbeStatusChange.class), "READINESS:");
  }

  /**
   * The change UP -> DOWN is made on one thread, which then sits in the slow listener; the change
   * DOWN -> UP is made on another meanwhile, and waits for the slow call before it is delivered.
   * The changes of the check or probe whose events start with {@code prefix} then reach both
   * listeners in the order they happened, one call at a time.
   */
  private void heardInOrderWhileTheSlowOneIsBusyWith(Predicate<Object> slowOn, String prefix)
      throws Exception {
    Recording slow = new Recording(slowOn);
    Health h = build(slow, Runnable::run);
    assertThat(h.readiness().status()).isEqualTo(HealthStatus.UP);

    db.set(HealthResult.down("refused"));
    CompletableFuture<HealthReport> down =
        CompletableFuture.supplyAsync(() -> h.report(Probe.READINESS), first);
    assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    db.set(HealthResult.up());
    CompletableFuture<HealthReport> up =
        CompletableFuture.supplyAsync(() -> h.report(Probe.READINESS), second);
    assertThatThrownBy(() -> up.get(300, TimeUnit.MILLISECONDS))
        .as("the change back to UP waits for the slow listener's call")
        .isInstanceOf(TimeoutException.class);

    release.countDown();
    assertThat(down.get(WAIT_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(up.get(WAIT_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(HealthStatus.UP);
    String[] inOrder = {prefix + "null->UP", prefix + "UP->DOWN", prefix + "DOWN->UP"};
    assertThat(changesOf(prefix, slow.heard)).as("the slow listener").containsExactly(inOrder);
    assertThat(changesOf(prefix, fast.heard))
        .as("the listener after the slow one")
        .containsExactly(inOrder);
    assertThat(slow.mostInside).as("calls to the slow listener at once").hasValue(1);
  }

  @Test
  void aProbesChangeHasReachedTheListenersWhenTheProbeAnswersThoughAnotherThreadIsDelivering()
      throws Exception {
    // The check runs on a thread of its own and sits in the slow listener with its change to
    // DOWN; the probe, on the caller's thread, changes to DOWN meanwhile.
    Recording slow = new Recording(downOf(CheckStatusChange.class));
    Health h = build(slow, checks);
    assertThat(h.readiness().status()).isEqualTo(HealthStatus.UP);

    db.set(HealthResult.down("refused"));
    CompletableFuture<List<String>> heardWhenTheProbeAnswered =
        CompletableFuture.supplyAsync(
            () -> {
              assertThat(h.report(Probe.READINESS).status()).isEqualTo(HealthStatus.DOWN);
              return List.copyOf(fast.heard);
            },
            first);
    assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    release.countDown();

    assertThat(heardWhenTheProbeAnswered.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .containsExactly(
            "db:null->UP", "READINESS:null->UP", "db:UP->DOWN", "READINESS:UP->DOWN");
  }

  @Test
  void aListenerThatAsksForAProbeHearsTheChangeItMadeRightAfterItsCall() {
    AtomicReference<Health> self = new AtomicReference<>();
    List<String> heard = new CopyOnWriteArrayList<>();
    HealthListener asking =
        new HealthListener() {
          @Override
          public void checkStatusChanged(CheckStatusChange c) {
            heard.add("check " + c.current());
            if (c.current() == HealthStatus.DOWN) {
              self.get().report(Probe.READINESS); // changes the probe while this call runs
              heard.add("asked");
            }
          }

          @Override
          public void probeStatusChanged(ProbeStatusChange c) {
            heard.add("probe " + c.current());
          }
        };
    health =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(Runnable::run)
            .check("db", () -> db.get(), Probe.READINESS)
            .listener(asking)
            .build();
    self.set(health);
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.UP);
    db.set(HealthResult.down("refused"));

    assertThat(health.report(Probe.READINESS).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(heard)
        .containsExactly("check UP", "probe UP", "check DOWN", "asked", "probe DOWN");
  }

  private static List<String> changesOf(String prefix, List<String> heard) {
    return heard.stream().filter(s -> s.startsWith(prefix)).toList();
  }
}
