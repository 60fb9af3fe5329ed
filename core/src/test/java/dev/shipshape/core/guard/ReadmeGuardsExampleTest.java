package dev.shipshape.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.rollout.Rollout;
import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.flags.EvaluationContext;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.slo.Slo;
import dev.shipshape.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of core/README-guards.md, compiled and run. */
class ReadmeGuardsExampleTest {

  @TempDir Path dir;

  record Order(String id) {}

  record Receipt(String orderId, boolean pending) {
    static Receipt pending(Order order) {
      return new Receipt(order.id(), true);
    }
  }

  static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  static final class Gateway {
    Receipt charge(Order order) {
      return new Receipt(order.id(), false);
    }

    CompletionStage<Receipt> chargeAsync(Order order) {
      return CompletableFuture.completedFuture(charge(order));
    }
  }

  @Test
  void guardedCallsExample() throws Exception {
    Path flagsFile = dir.resolve("flags.json");
    Files.writeString(
        flagsFile,
        "{\"flags\":{\"payments-enabled\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"on\"}}}");
    Gateway gateway = new Gateway();
    Order order = new Order("o-1");

    // --- README: guarded calls ---
    Shipshape ship =
        Shipshape.builder()
            .flags(FlagSource.file(flagsFile))
            .slo(Slo.named("payments").objective(0.999).latencyThreshold(Duration.ofMillis(300)))
            .guard(
                "payments",
                g ->
                    g.timeout(Duration.ofSeconds(2))
                        .circuitBreaker()
                        .retry(3, Duration.ofMillis(200))
                        .bulkhead(20)
                        .slo("payments")
                        .successOn(NotFoundException.class)
                        .killSwitch("payments-enabled"))
            .build();

    Guard payments = ship.guard("payments");
    Receipt receipt = payments.call(() -> gateway.charge(order), e -> Receipt.pending(order));
    CompletionStage<Receipt> later = payments.callAsync(() -> gateway.chargeAsync(order));
    // --- end ---

    assertThat(receipt).isEqualTo(new Receipt("o-1", false));
    assertThat(later.toCompletableFuture().get()).isEqualTo(new Receipt("o-1", false));
    assertThat(ship.slo("payments").events(Duration.ofHours(1)).good()).isEqualTo(2);
    ship.close();
  }

  @Test
  void sloGatedRolloutExample() throws Exception {
    Path flagsFile = dir.resolve("flags.json");
    Files.writeString(
        flagsFile,
        "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
            + "\"targeting\":{\"fractional\":[[\"on\",0],[\"off\",100]]}}}}");
    ManualClock clock = ManualClock.create();
    String userId = "user-42";

    // --- README: SLO-gated rollouts ---
    Shipshape ship =
        Shipshape.builder()
            .clock(clock) // a ManualClock in tests; the system clock by default
            .flags(FlagSource.file(flagsFile))
            .slo(Slo.named("checkout").objective(0.999))
            .rollout(
                "new-checkout",
                r ->
                    r.steps(1, 5, 25, 50, 100)
                        .every(Duration.ofHours(1))
                        .haltOn("checkout")
                        .rollBackOnHalt())
            .build();

    boolean newCheckout =
        ship.flags().booleanValue("new-checkout", false, EvaluationContext.of(userId));
    Rollout rollout = ship.rollouts().get("new-checkout");
    rollout.pause(); // hold at the current step
    rollout.resume(); // the next step is due one interval from now
    for (RolloutAuditEntry e : rollout.history()) {
      System.out.printf("%s %s %.0f%% -> %.0f%%: %s%n",
          e.at(), e.transition(), e.fromPercent(), e.toPercent(), e.reason());
    }
    // --- end ---

    assertThat(rollout.percent()).isEqualTo(1.0);
    assertThat(newCheckout).isIn(true, false);
    clock.advance(Duration.ofHours(4));
    assertThat(rollout.state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(ship.flags().booleanValue("new-checkout", false, EvaluationContext.of(userId)))
        .isTrue();
    ship.close();
  }
}
