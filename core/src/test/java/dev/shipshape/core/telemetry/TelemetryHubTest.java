package dev.shipshape.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import dev.shipshape.core.internal.TelemetryHub;
import dev.shipshape.testsupport.LogCapture;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TelemetryHubTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static FlagSetChanged change(String key) {
    return TelemetryEvents.flagSetChanged(Set.of(key), Set.of(), Set.of(), T0);
  }

  @Test
  void throwingSinkIsSkippedCountedAndLoggedOncePerCause() {
    List<TelemetryEvent> seen = new CopyOnWriteArrayList<>();
    TelemetrySink broken =
        new TelemetrySink() {
          @Override
          public void accept(TelemetryEvent event) {
            throw new IllegalStateException("sink is broken for " + event.kind());
          }

          @Override
          public String name() {
            return "broken";
          }
        };
    TelemetryHub hub = new TelemetryHub(List.of(broken, seen::add));
    try (LogCapture log = LogCapture.of(TelemetryHub.class.getName(), Level.WARN)) {
      for (int i = 0; i < 5; i++) {
        assertThatCode(() -> hub.emit(change("f"))).doesNotThrowAnyException();
      }
      assertThat(seen).hasSize(5);
      assertThat(hub.failures("broken")).isEqualTo(5);
      assertThat(hub.totalFailures()).isEqualTo(5);
      assertThat(log.events()).hasSize(1);
      assertThat(LogCapture.keyValues(log.events().get(0)))
          .containsEntry("sink", "broken")
          .containsEntry("event", "FLAG_SET_CHANGED")
          .containsEntry("exception", IllegalStateException.class.getName());
      assertThat(log.events().get(0).getThrowableProxy()).isNotNull();
    }
  }

  @Test
  void differentCausesAreLoggedSeparately() {
    int[] calls = {0};
    TelemetrySink flaky =
        event -> {
          calls[0]++;
          if (calls[0] % 2 == 0) {
            throw new IllegalArgumentException("even");
          }
          throw new UnsupportedOperationException("odd");
        };
    TelemetryHub hub = new TelemetryHub(List.of(flaky));
    try (LogCapture log = LogCapture.of(TelemetryHub.class.getName(), Level.WARN)) {
      for (int i = 0; i < 6; i++) {
        hub.emit(change("f"));
      }
      assertThat(log.events()).hasSize(2);
      assertThat(hub.failures("sink-1")).isEqualTo(6);
    }
  }

  @Test
  void noSinkWantsNothing() {
    for (TelemetryEvent.Kind kind : TelemetryEvent.Kind.values()) {
      assertThat(TelemetryHub.NONE.wants(kind)).isFalse();
    }
    assertThatCode(() -> TelemetryHub.NONE.emit(change("f"))).doesNotThrowAnyException();
  }

  @Test
  void eventsGoOnlyToSinksThatWantTheirKind() {
    List<TelemetryEvent> all = new CopyOnWriteArrayList<>();
    List<TelemetryEvent> noEvaluations = new CopyOnWriteArrayList<>();
    TelemetrySink picky =
        TelemetryEvents.recording(
            noEvaluations, kind -> kind != TelemetryEvent.Kind.FLAG_EVALUATED);
    TelemetryHub hub = new TelemetryHub(List.of(all::add, picky));
    FlagEvaluated evaluation =
        TelemetryEvents.evaluation("f", true, "on", dev.shipshape.flags.Reason.STATIC, null, T0);
    hub.emit(evaluation);
    hub.emit(change("f"));
    assertThat(all).containsExactly(evaluation, change("f"));
    assertThat(noEvaluations).containsExactly(change("f"));
    assertThat(hub.wants(TelemetryEvent.Kind.FLAG_EVALUATED)).isTrue();

    TelemetryHub onlyPicky = new TelemetryHub(List.of(picky));
    assertThat(onlyPicky.wants(TelemetryEvent.Kind.FLAG_EVALUATED)).isFalse();
    assertThat(onlyPicky.wants(TelemetryEvent.Kind.SLO_ALERT_FIRED)).isTrue();
  }

  @Test
  void sinkThrowingFromWantsReceivesNothingAndIsCounted() {
    TelemetrySink confused =
        new TelemetrySink() {
          @Override
          public void accept(TelemetryEvent event) {
            throw new AssertionError("must not be called");
          }

          @Override
          public boolean wants(TelemetryEvent.Kind kind) {
            throw new IllegalStateException("no idea");
          }

          @Override
          public String name() {
            return "confused";
          }
        };
    TelemetryHub hub = new TelemetryHub(List.of(confused));
    hub.emit(change("f"));
    assertThat(hub.wants(TelemetryEvent.Kind.FLAG_SET_CHANGED)).isFalse();
    assertThat(hub.failures("confused")).isEqualTo(TelemetryEvent.Kind.values().length);
  }

  @Test
  void sinkNamesAreUniqueAndReadable() {
    TelemetrySink lambda = event -> {};
    TelemetryHub hub =
        new TelemetryHub(List.of(Slf4jSink.create(), lambda, Slf4jSink.create()));
    assertThat(hub.sinkNames()).containsExactly("slf4j", "sink-2", "slf4j-3");
  }

  @Test
  void everyKindNamesItsRecordType() {
    assertThat(change("f").kind().type()).isEqualTo(FlagSetChanged.class);
    for (TelemetryEvent.Kind kind : TelemetryEvent.Kind.values()) {
      assertThat(TelemetryEvent.class).isAssignableFrom(kind.type());
    }
  }
}
