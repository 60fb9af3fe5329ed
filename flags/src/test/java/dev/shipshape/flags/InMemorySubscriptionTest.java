package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.flags.internal.source.MemoryFlagSource;
import dev.shipshape.time.ManualClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Regression: a long-lived in-memory source kept every Flags that ever used it subscribed, so
 * closed clients stayed reachable (and kept being reloaded).
 */
class InMemorySubscriptionTest {

  private final ManualClock clock = ManualClock.create();

  private static FlagListener recording(List<FlagSetChange> changes) {
    return Listen.toChanges(changes::add);
  }

  @Test
  void aClosedFlagsIsUnsubscribedAndNoLongerHearsChanges() {
    MemoryFlagSource source = (MemoryFlagSource) FlagSource.inMemory().putBoolean("a", true);
    List<FlagSetChange> closedChanges = new CopyOnWriteArrayList<>();
    List<FlagSetChange> openChanges = new CopyOnWriteArrayList<>();
    Flags closed =
        Flags.builder().clock(clock).source(source).listener(recording(closedChanges)).build();
    try (Flags open =
        Flags.builder().clock(clock).source(source).listener(recording(openChanges)).build()) {
      assertThat(source.subscriberCount()).isEqualTo(2);

      closed.close();
      assertThat(source.subscriberCount()).isEqualTo(1);
      source.putBoolean("a", false);

      assertThat(closedChanges).hasSize(1); // only the initial load
      assertThat(openChanges).hasSize(2);
      assertThat(open.booleanValue("a", true)).isFalse();
    }
    assertThat(source.subscriberCount()).isZero();
  }

  @Test
  void closingTwiceAndRemovingAnUnknownCallbackAreHarmless() {
    MemoryFlagSource source = (MemoryFlagSource) FlagSource.inMemory().putBoolean("a", true);
    Flags flags = Flags.builder().clock(clock).source(source).build();
    source.removeOnChange(() -> {});
    assertThat(source.subscriberCount()).isEqualTo(1);
    flags.close();
    flags.close();
    assertThat(source.subscriberCount()).isZero();
  }
}
