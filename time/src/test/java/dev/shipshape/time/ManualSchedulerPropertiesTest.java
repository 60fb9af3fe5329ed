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

/**
 * The manual scheduler against a naive model: sort every due run by (due instant, schedule order).
 */
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
                    () ->
                        actual.add(
                            task
                                + "@"
                                + (clock.instant().getEpochSecond() - START.getEpochSecond()));
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

  /**
   * Cancelling tasks anywhere in the queue, before the clock moves or from a task that runs
   * earlier, leaves exactly the other tasks, run in due order with ties in schedule order.
   */
  @Test
  void cancelledTasksAnywhereInTheQueueLeaveTheOthersInDueOrder() {
    qt().withExamples(300)
        .forAll(
            lists().of(integers().between(0, 60)).ofSizeBetween(1, 40),
            lists().of(integers().between(0, 3)).ofSizeBetween(1, 40))
        .checkAssert(
            (delays, actions) -> {
              ManualClock clock = ManualClock.at(START);
              Scheduler scheduler = Scheduler.manual(clock);
              List<Integer> actual = new ArrayList<>();
              List<ScheduledTask> tasks = new ArrayList<>();
              boolean[] cancelled = new boolean[delays.size()];
              for (int i = 0; i < delays.size(); i++) {
                int task = i;
                // action 1: cancelled once all are scheduled; 2: cancelled by the task scheduled
                // just before it
                Runnable run =
                    () -> {
                      actual.add(task);
                      if (task + 1 < delays.size()
                          && actions.get((task + 1) % actions.size()) == 2) {
                        tasks.get(task + 1).cancel();
                      }
                    };
                tasks.add(scheduler.schedule("t" + i, Duration.ofSeconds(delays.get(i)), run));
                cancelled[i] = actions.get(i % actions.size()) == 1;
              }
              for (int i = 0; i < delays.size(); i++) {
                if (cancelled[i]) {
                  tasks.get(i).cancel();
                }
              }
              // the model: walk the tasks in (due, schedule order); a run cancels its successor
              List<Integer> order = new ArrayList<>();
              for (int i = 0; i < delays.size(); i++) {
                order.add(i);
              }
              order.sort(
                  Comparator.comparingInt((Integer i) -> delays.get(i)).thenComparing(i -> i));
              List<Integer> expected = new ArrayList<>();
              for (int i : order) {
                if (!cancelled[i]) {
                  expected.add(i);
                  if (i + 1 < delays.size()
                      && actions.get((i + 1) % actions.size()) == 2
                      && !expected.contains(i + 1)) {
                    cancelled[i + 1] = true;
                  }
                }
              }
              clock.advance(Duration.ofSeconds(61));
              assertThat(actual).isEqualTo(expected);
              for (int i = 0; i < delays.size(); i++) {
                assertThat(tasks.get(i).isCancelled()).isEqualTo(cancelled[i]);
              }
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
