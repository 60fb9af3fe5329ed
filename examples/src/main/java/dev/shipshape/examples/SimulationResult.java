package dev.shipshape.examples;

import dev.shipshape.core.rollout.RolloutAuditEntry;
import dev.shipshape.core.rollout.RolloutState;
import dev.shipshape.slo.AlertState;
import dev.shipshape.slo.SloDefinition;
import dev.shipshape.slo.SloSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ReleaseSimulation} run produced: the timeline, the plotted samples, the final SLO
 * state, the rollout's audit trail and the files written.
 *
 * @param options the options of the run
 * @param start the simulated start
 * @param end the simulated end
 * @param timeline every timeline line, in order
 * @param samples the state every five simulated minutes
 * @param slo the checkout SLO's definition
 * @param finalSnapshot the checkout SLO at the end
 * @param finalAlerts the checkout SLO's alert pairs at the end
 * @param audit the rollout's audit trail
 * @param rolloutState the rollout's state at the end
 * @param rolloutPercent the rollout's percentage at the end
 * @param requests all checkouts
 * @param failed failed checkouts
 * @param paymentAttempts attempts made to the payments dependency, retries included
 * @param incidentStartedAt when the new path started failing, or null without an incident
 * @param haltedAt when the rollout first halted or rolled back, or null if it never did
 * @param report the HTML report
 * @param rules the Prometheus rules file
 * @param wallTime how long the run took in real time
 */
public record SimulationResult(
    SimulationOptions options,
    Instant start,
    Instant end,
    List<TimelineEntry> timeline,
    List<Sample> samples,
    SloDefinition slo,
    SloSnapshot finalSnapshot,
    List<AlertState> finalAlerts,
    List<RolloutAuditEntry> audit,
    RolloutState rolloutState,
    double rolloutPercent,
    long requests,
    long failed,
    long paymentAttempts,
    @Nullable Instant incidentStartedAt,
    @Nullable Instant haltedAt,
    Path report,
    Path rules,
    Duration wallTime) {

  /**
   * The timeline as printed.
   *
   * @return one line per entry
   */
  public String timelineText() {
    StringBuilder b = new StringBuilder();
    for (TimelineEntry e : timeline) {
      b.append(TimelineText.line(start, e)).append('\n');
    }
    return b.toString();
  }
}
