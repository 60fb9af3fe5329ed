package dev.shipshape.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each listener hears a check's or a probe's changes in the order they happened, one call at a
 * time, even when a slow listener is still busy with an earlier change while another thread makes
 * the next one; and the thread making that next change does not wait for the slow listener.
 */
@Timeout(20)
class HealthListenerOrderTest {

  private static final long WAIT_SECONDS = 10;

  private final ManualClock clock = ManualClock.create();
  private final Scheduler scheduler = Scheduler.manual(clock);
  private final ExecutorService other = Executors.newSingleThreadExecutor();
  private final AtomicReference<HealthResult> db = new AtomicReference<>(HealthResult.up());
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  /** The listener registered after the slow one. */
  private final Recording fast = new Recording(c -> false);
  private Health health;

  @AfterEach
  void tearDown() {
    release.countDown();
    other.shutdownNow();
    if (health != null) {
      health.close();
    }
    scheduler.close();
  }

  /**
   * Records the changes it hears once each call returns; the calls for which {@code blockOn} holds
   * wait until {@link #release} (a slow listener). Counts the calls in progress at once.
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

  private Health build(Recording slow) {
    health =
        Health.builder()
            .clock(clock)
            .scheduler(scheduler)
            .executor(Runnable::run)
            .check("db", () -> db.get(), Probe.READINESS)
            .listener(slow)
            .listener(fast)
            .build();
    return health;
  }

  /**
   * The change UP -> DOWN is made on another thread, which then sits in the slow listener; the
   * change DOWN -> UP is made on this thread meanwhile. Returns what the fast listener had heard
   * by the time this thread's probe returned, before the slow listener was released.
   */
  private List<String> downOnAnotherThreadThenUpHere(Health h) throws Exception {
    assertThat(h.readiness().status()).isEqualTo(HealthStatus.UP);
    db.set(HealthResult.down("refused"));
    CompletableFuture<HealthReport> down =
        CompletableFuture.supplyAsync(() -> h.report(Probe.READINESS), other);
    assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    db.set(HealthResult.up());
    HealthReport up = h.report(Probe.READINESS);
    List<String> heardBeforeRelease = List.copyOf(fast.heard);
    assertThat(up.status()).isEqualTo(HealthStatus.UP);

    release.countDown();
    down.get(WAIT_SECONDS, TimeUnit.SECONDS);
    return heardBeforeRelease;
  }

  @Test
  void checkChangesReachEachListenerInTheOrderTheyHappenedWhileASlowListenerIsBusy()
      throws Exception {
    heardInOrderWhileTheSlowOneIsBusyWith(
        c -> c instanceof CheckStatusChange
            && ((CheckStatusChange) c).current() == HealthStatus.DOWN,
        "db:");
  }

  @Test
  void probeChangesReachEachListenerInTheOrderTheyHappenedWhileASlowListenerIsBusy()
      throws Exception {
    heardInOrderWhileTheSlowOneIsBusyWith(
        c -> c instanceof ProbeStatusChange
            && ((ProbeStatusChange) c).current() == HealthStatus.DOWN,
        "READINESS:");
  }

  /**
   * With a slow listener blocked in the change to DOWN that {@code slowOn} picks, the changes of
   * the check or probe whose events start with {@code prefix} reach both listeners in order.
   */
  private void heardInOrderWhileTheSlowOneIsBusyWith(Predicate<Object> slowOn, String prefix)
      throws Exception {
    Recording slow = new Recording(slowOn);
    Health h = build(slow);

    List<String> fastBeforeRelease = downOnAnotherThreadThenUpHere(h);

    String[] inOrder = {prefix + "null->UP", prefix + "UP->DOWN", prefix + "DOWN->UP"};
    assertThat(changesOf(prefix, slow.heard)).as("the slow listener").containsExactly(inOrder);
    assertThat(changesOf(prefix, fast.heard))
        .as("the listener after the slow one")
        .containsExactly(inOrder);
    assertThat(slow.mostInside).as("calls to the slow listener at once").hasValue(1);
    assertThat(changesOf(prefix, fastBeforeRelease))
        .as("what the listener after the slow one heard before the slow one returned")
        .containsExactly(inOrder);
  }

  @Test
  void aListenerThatFallsFarBehindLosesItsOldestWaitingEventsCountedAsFailures() throws Exception {
    Recording slow =
        new Recording(
            c -> c instanceof CheckStatusChange
                && ((CheckStatusChange) c).current() == HealthStatus.DOWN);
    Health h = build(slow);
    assertThat(h.readiness().status()).isEqualTo(HealthStatus.UP);
    db.set(HealthResult.down("refused"));
    CompletableFuture<HealthReport> down =
        CompletableFuture.supplyAsync(() -> h.report(Probe.READINESS), other);
    assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    int heardBeforeTheSlowCall = slow.heard.size();

    for (int i = 0; i < 700; i++) {
      db.set(i % 2 == 0 ? HealthResult.up() : HealthResult.down("flapping"));
      assertThat(h.report(Probe.READINESS).status()).isEqualTo(db.get().status());
    }
    // every change after the one the slow listener is in waited for it
    int waited = fast.heard.size() - heardBeforeTheSlowCall - 1;
    assertThat(waited).isGreaterThan(1024);
    assertThat(h.listenerFailures()).isEqualTo(waited - 1024);

    release.countDown();
    down.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(slow.heard).hasSize(heardBeforeTheSlowCall + 1 + 1024);
    assertThat(slow.heard.subList(heardBeforeTheSlowCall + 1, slow.heard.size()))
        .as("the newest 1024 changes, in order")
        .isEqualTo(fast.heard.subList(fast.heard.size() - 1024, fast.heard.size()));
  }

  private static List<String> changesOf(String prefix, List<String> heard) {
    return heard.stream().filter(s -> s.startsWith(prefix)).toList();
  }
}
