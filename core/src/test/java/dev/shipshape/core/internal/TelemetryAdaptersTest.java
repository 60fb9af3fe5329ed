package dev.shipshape.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.core.telemetry.TelemetryEvent;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.FlagListener;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryAdaptersTest {

  @Test
  void flagListenerDoesNotAskForEvaluationsWhenNoSinkWantsThem() {
    TelemetrySink noEvaluations =
        new TelemetrySink() {
          @Override
          public void accept(TelemetryEvent event) {}

          @Override
          public boolean wants(TelemetryEvent.Kind kind) {
            return kind != TelemetryEvent.Kind.FLAG_EVALUATED;
          }
        };
    FlagListener listener =
        TelemetryAdapters.flagListener(new TelemetryHub(List.of(noEvaluations)), Clock.systemUTC());
    assertThat(listener.wantsEvaluations())
        .as("the flags module skips building evaluation details for this listener")
        .isFalse();
  }

  @Test
  void flagListenerAsksForEvaluationsWhenASinkWantsThem() {
    TelemetrySink all = event -> {};
    FlagListener listener =
        TelemetryAdapters.flagListener(new TelemetryHub(List.of(all)), Clock.systemUTC());
    assertThat(listener.wantsEvaluations()).isTrue();
  }
}
