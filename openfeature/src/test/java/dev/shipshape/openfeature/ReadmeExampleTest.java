package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.shipshape.flags.FlagSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of the module README, run as written (with a temporary flag file). */
class ReadmeExampleTest {

  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    OpenFeatureAPI.getInstance().shutdown();
  }

  @Test
  void readmeExampleWorks() throws Exception {
    Path flagsJson = dir.resolve("flags.json");
    Files.writeString(
        flagsJson,
        "{\"flags\":{\"new-checkout\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\","
            + "\"targeting\":{\"if\":[{\"ends_with\":[{\"var\":\"email\"},\"@example.com\"]},"
            + "\"on\",\"off\"]}}}}");
    List<String> changed = new CopyOnWriteArrayList<>();

    // --- README example starts
    ShipshapeProvider provider =
        ShipshapeProvider.builder()
            .source(FlagSource.file(flagsJson, Duration.ofSeconds(5)))
            .build();
    OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    api.setProviderAndWait(provider); // throws if no source could be loaded

    Client client = api.getClient();
    MutableContext user = new MutableContext("user-42").add("email", "ann@example.com");
    boolean on = client.getBooleanValue("new-checkout", false, user);

    FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("new-checkout", false, user);
    // details.getVariant() == "on", details.getReason() == "TARGETING_MATCH"

    client.onProviderConfigurationChanged(e -> changed.addAll(e.getFlagsChanged()));
    client.onProviderStale(e -> System.err.println("flags are stale: " + e.getMessage()));
    // --- README example ends

    assertThat(on).isTrue();
    assertThat(details.getVariant()).isEqualTo("on");
    assertThat(details.getReason()).isEqualTo("TARGETING_MATCH");

    provider.flags().overrides().setVariant("new-checkout", "off");
    await().atMost(Duration.ofSeconds(10)).until(() -> changed.contains("new-checkout"));
    assertThat(client.getBooleanValue("new-checkout", true, user)).isFalse();
  }
}
