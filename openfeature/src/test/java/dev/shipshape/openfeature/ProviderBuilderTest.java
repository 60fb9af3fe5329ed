package dev.shipshape.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.shipshape.flags.FlagListener;
import dev.shipshape.flags.FlagSetChange;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import dev.shipshape.time.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderBuilderTest {

  private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();

  @AfterEach
  void tearDown() {
    api.shutdown();
  }

  @Test
  void aProviderNeedsAtLeastOneSource() {
    assertThatThrownBy(() -> ShipshapeProvider.builder().build())
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid OpenFeature provider (1 problem)\n"
                + "  - sources was '[]' but must contain at least one FlagSource");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ManualClock clock = ManualClock.create();
    try (Scheduler other = Scheduler.manual(ManualClock.create())) {
      ShipshapeProvider.Builder b =
          ShipshapeProvider.builder()
              .clock(clock)
              .scheduler(other)
              .source(FlagSource.classpath("flags.json"))
              .source(FlagSource.classpath("flags.json"));
      assertThatThrownBy(b::build)
          .isInstanceOf(FlagsConfigException.class)
          .hasMessageContaining(
              "sources[1] was 'classpath:flags.json' but source names must be unique")
          .hasMessageContaining("scheduler was '")
          .hasMessageContaining("but its clock must be the provider's clock")
          .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
          .extracting(ConfigProblem::setting)
          .containsExactly("sources[1]", "scheduler");
    }
  }

  @Test
  void reusingTheBuilderDoesNotChangeABuiltProvider() {
    ShipshapeProvider.Builder b =
        ShipshapeProvider.builder().source(FlagSource.inMemory().putBoolean("first", true));
    ShipshapeProvider one = b.build();
    b.source(FlagSource.inMemory().putBoolean("second", true));

    api.setProviderAndWait("one", one);
    Client client = api.getClient("one");
    assertThat(client.getBooleanValue("first", false)).isTrue();
    assertThat(client.getBooleanDetails("second", false).getErrorCode()).isNotNull();
  }

  @Test
  void listenersGivenToTheBuilderHearReloadsEvenBesideOneThatThrows() {
    List<FlagSetChange> heard = new CopyOnWriteArrayList<>();
    InMemoryFlagSource source = FlagSource.inMemory().putBoolean("a", true);
    ShipshapeProvider provider =
        ShipshapeProvider.builder()
            .source(source)
            .listener(
                new FlagListener() {
                  @Override
                  public void flagSetChanged(FlagSetChange change) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .listener(
                new FlagListener() {
                  @Override
                  public void flagSetChanged(FlagSetChange change) {
                    heard.add(change);
                  }
                })
            .build();
    api.setProviderAndWait("listeners", provider);

    source.putBoolean("b", false);

    assertThat(heard).last().satisfies(c -> assertThat(c.added()).containsExactly("b"));
    assertThat(api.getClient("listeners").getBooleanDetails("b", true).getValue()).isFalse();
  }

  @Test
  void rulesReadTheTimeFromTheSchedulersClock() {
    ManualClock clock = ManualClock.create();
    try (Scheduler scheduler = Scheduler.manual(clock)) {
      long start = clock.instant().getEpochSecond();
      ShipshapeProvider provider =
          ShipshapeProvider.builder()
              .scheduler(scheduler)
              .source(
                  FlagSource.inMemory()
                      .putFlag(
                          "launch",
                          "{\"state\":\"ENABLED\",\"variants\":{\"live\":true,\"dark\":false},"
                              + "\"defaultVariant\":\"dark\",\"targeting\":{\"if\":[{\">=\":"
                              + "[{\"var\":\"$flagd.timestamp\"}," + (start + 3600) + "]},"
                              + "\"live\",\"dark\"]}}"))
              .build();
      api.setProviderAndWait("clock", provider);
      Client client = api.getClient("clock");

      assertThat(client.getBooleanValue("launch", true, new ImmutableContext())).isFalse();
      clock.advance(Duration.ofHours(1));
      assertThat(client.getBooleanValue("launch", false, new ImmutableContext())).isTrue();
    }
  }
}
