package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.InMemoryFlagSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Evaluations from several threads while flags are reloaded and overridden. */
class ProviderConcurrencyTest {

  private static final int THREADS = 4;
  private static final int EVALUATIONS_PER_THREAD = 2_000;
  private static final int CHANGES = 200;

  @AfterEach
  void tearDown() {
    OpenFeatureAPI.getInstance().shutdown();
  }

  private static String color(String defaultVariant) {
    return "{\"state\":\"ENABLED\",\"variants\":{\"red\":\"#f00\",\"blue\":\"#00f\"},"
        + "\"defaultVariant\":\"" + defaultVariant + "\","
        + "\"metadata\":{\"owner\":\"web\"}}";
  }

  @Test
  void everyEvaluationDuringReloadsAndOverridesSeesAWholeFlagSet() throws Exception {
    InMemoryFlagSource source = FlagSource.inMemory().putFlag("color", color("red"));
    ShipshapeProvider provider = ShipshapeProvider.builder().source(source).build();
    OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    api.setProviderAndWait("stress", provider);
    Client client = api.getClient("stress");

    AtomicInteger evaluations = new AtomicInteger();
    Map<String, Integer> unexpected = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < EVALUATIONS_PER_THREAD; i++) {
                    MutableContext ctx = new MutableContext("user-" + thread + "-" + i);
                    FlagEvaluationDetails<String> d = client.getStringDetails("color", "none", ctx);
                    evaluations.incrementAndGet();
                    boolean whole =
                        d.getErrorCode() == null
                            && ("red".equals(d.getVariant()) && "#f00".equals(d.getValue())
                                || "blue".equals(d.getVariant()) && "#00f".equals(d.getValue()))
                            && "web".equals(d.getFlagMetadata().getString("owner"));
                    if (!whole) {
                      unexpected.merge(d.getVariant() + "=" + d.getValue(), 1, Integer::sum);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (int i = 0; i < CHANGES; i++) {
        if (i % 2 == 0) {
          source.putFlag("color", color(i % 4 == 0 ? "blue" : "red"));
        } else {
          provider.flags().overrides().setVariant("color", i % 3 == 0 ? "red" : "blue");
          provider.flags().overrides().clearAll();
        }
      }
      for (Future<?> w : workers) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(evaluations).hasValue(THREADS * EVALUATIONS_PER_THREAD);
    assertThat(unexpected).isEmpty();
  }
}
