package dev.shipshape.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationOptionsTest {

  @Test
  void parsesEveryOptionOverTheDefaults() {
    SimulationOptions o =
        SimulationOptions.parse(
            List.of(
                "--seed", "9", "--rate", "3.5", "--days", "7", "--steps", "10,50,100",
                "--step-interval", "6h", "--incident-step", "50", "--incident-error-rate", "0.1",
                "--fix-after", "0", "--outage-day", "-1", "--outage-length", "2m", "--out",
                "x"));
    assertThat(o.seed()).isEqualTo(9);
    assertThat(o.requestsPerSecond()).isEqualTo(3.5);
    assertThat(o.days()).isEqualTo(7);
    assertThat(o.steps()).containsExactly(10.0, 50.0, 100.0);
    assertThat(o.stepInterval()).isEqualTo(Duration.ofHours(6));
    assertThat(o.incidentStep()).isEqualTo(50);
    assertThat(o.fixAfter()).isZero();
    assertThat(o.outageLength()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.output()).isEqualTo(Path.of("x"));
  }

  @Test
  void reportsEveryBadOptionAtOnce() {
    assertThatThrownBy(
            () ->
                SimulationOptions.parse(
                    List.of("--rate", "0", "--days", "99", "--incident-step", "30")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate was '0.0' but must be in (0, 40]")
        .hasMessageContaining("days was '99' but must be from 1 to 30")
        .hasMessageContaining("incident-step was '30.0' but must be one of");
  }

  @Test
  void theDefaultOutageIsLeftOutOfARunTooShortToReachItAndAGivenOneMustFallWithinTheRun() {
    assertThat(SimulationOptions.parse(List.of("--days", "11")).outageAtDay()).isNegative();
    assertThat(SimulationOptions.parse(List.of("--days", "12")).outageAtDay())
        .isEqualTo(SimulationOptions.defaults().outageAtDay());
    assertThat(SimulationOptions.parse(List.of("--days", "3", "--outage-day", "2.5")).outageAtDay())
        .isEqualTo(2.5);
    assertThatThrownBy(() -> SimulationOptions.parse(List.of("--days", "3", "--outage-day", "3")))
        .hasMessageContaining(
            "--outage-day was '3.0' but must be before the last simulated day ends (below 3)");
  }

  @Test
  void rejectsUnknownOptionsAndMalformedValuesTogether() {
    assertThatThrownBy(
            () ->
                SimulationOptions.parse(
                    List.of("--colour", "red", "--fix-after", "2w", "--days", "two", "--seed")))
        .isInstanceOf(CommandLine.UsageException.class)
        .hasMessageContaining("unknown option '--colour': the options are [--seed, --rate,")
        .hasMessageContaining("unexpected argument 'red'")
        .hasMessageContaining("--fix-after was '2w' but must be a duration such as 90s, 15m, 6h or 2d")
        .hasMessageContaining("--days was 'two' but must be an integer")
        .hasMessageContaining("--seed was given without a value but needs N");
  }

  @Test
  void refusesANegativeOutageLengthWhichWouldLeavePaymentsDownForGood() {
    SimulationOptions d = SimulationOptions.defaults();
    assertThatThrownBy(
            () ->
                new SimulationOptions(
                    d.seed(), d.requestsPerSecond(), d.days(), d.steps(), d.stepInterval(),
                    d.incidentStep(), d.incidentErrorRate(), d.fixAfter(), d.outageAtDay(),
                    Duration.ofSeconds(-5), d.output()))
        .hasMessageContaining("outage-length was 'PT-5S' but must not be negative");
  }

  @Test
  void acceptsNameEqualsValue() {
    assertThat(SimulationOptions.parse(List.of("--days=3", "--steps=1,25,100")).days()).isEqualTo(3);
  }
}
