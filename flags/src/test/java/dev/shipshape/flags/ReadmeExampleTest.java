package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.time.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example, kept compiling and true. */
class ReadmeExampleTest {

  @TempDir Path dir;

  @Test
  void readmeExampleWorksAsDescribed() throws IOException {
    Path path = dir.resolve("flags.json");
    try (InputStream in = getClass().getResourceAsStream("/example-flags.json")) {
      Files.write(path, in.readAllBytes());
    }
    ManualClock clock = ManualClock.create();

    // --- README example start
    Flags flags =
        Flags.builder()
            .clock(clock) // default: Clock.systemUTC()
            .source(FlagSource.classpath("example-flags.json")) // packaged defaults
            .source(FlagSource.file(path, Duration.ofSeconds(5))) // overrides them, hot-reloaded
            .listener(
                new FlagListener() {
                  @Override
                  public void sourceFailed(SourceFailure failure) {
                    System.err.println("flags: " + failure.message());
                  }
                })
            .build();

    EvaluationContext ctx =
        EvaluationContext.builder()
            .targetingKey("user-42") // what fractional rollouts hash
            .set("email", "ada@example.com")
            .set("tier", "gold")
            .set("appVersion", "2.5.1")
            .build();

    boolean beta = flags.booleanValue("beta-search", false, ctx); // true: an @example.com email
    String banner = flags.stringValue("checkout-banner", "", ctx); // "Welcome back!"
    int maxItems = flags.intValue("max-cart-items", 50, ctx); // 50

    EvaluationDetails<Boolean> d =
        flags.booleanDetails("new-checkout", false, EvaluationContext.of("user-7"));
    // d.reason() is SPLIT (5% fractional rollout), d.variant() "on" or "off",
    // d.metadata() {flagSetId=shop, owner=payments}

    flags.overrides().setFractionalWeights("new-checkout", Map.of("on", 25, "off", 75));
    flags.overrides().setVariant("checkout-banner", "sale"); // for everyone, until cleared

    FlagUsageReport usage = flags.usage();
    // usage.neverEvaluated(), usage.notEvaluatedSince(Duration.ofDays(30)),
    // usage.unknownKeysRequested()
    flags.close();
    // --- README example end

    assertThat(beta).isTrue();
    assertThat(banner).isEqualTo("Welcome back!");
    assertThat(maxItems).isEqualTo(50);
    assertThat(d.reason()).isEqualTo(Reason.SPLIT);
    assertThat(d.variant()).isIn("on", "off");
    assertThat(d.metadata()).isEqualTo(Map.of("flagSetId", "shop", "owner", "payments"));
    assertThat(flags.stringValue("checkout-banner", "", EvaluationContext.empty()))
        .isEqualTo("20% off today");
    assertThat(usage.neverEvaluated()).isEmpty();
    assertThat(flags.flagSet().definition("new-checkout").orElseThrow().fractionalSplit().orElseThrow()
            .buckets())
        .containsExactly(new FractionalSplit.Bucket("on", 25), new FractionalSplit.Bucket("off", 75));
    assertThat(usage.unknownKeysRequested()).isEmpty();
    assertThat(new String(Files.readAllBytes(path), StandardCharsets.UTF_8)).contains("$evaluators");
  }
}
