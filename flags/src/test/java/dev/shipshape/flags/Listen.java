package dev.shipshape.flags;

import java.util.function.Consumer;

/** Flag listeners that hand one kind of event to a consumer, for tests. */
final class Listen {
  private Listen() {}

  /** Receives every flag set change. */
  static FlagListener toChanges(Consumer<FlagSetChange> consumer) {
    return new FlagListener() {
      @Override
      public void flagSetChanged(FlagSetChange change) {
        consumer.accept(change);
      }
    };
  }

  /** Receives every source failure. */
  static FlagListener toFailures(Consumer<SourceFailure> consumer) {
    return new FlagListener() {
      @Override
      public void sourceFailed(SourceFailure failure) {
        consumer.accept(failure);
      }
    };
  }

  /** Wants evaluations and receives every one. */
  static FlagListener toEvaluations(Consumer<EvaluationDetails<?>> consumer) {
    return toEvaluationsAndChanges(consumer, change -> {});
  }

  /** Wants evaluations and receives every one, and every flag set change. */
  static FlagListener toEvaluationsAndChanges(
      Consumer<EvaluationDetails<?>> evaluations, Consumer<FlagSetChange> changes) {
    return new FlagListener() {
      @Override
      public boolean wantsEvaluations() {
        return true;
      }

      @Override
      public void evaluated(EvaluationDetails<?> details) {
        evaluations.accept(details);
      }

      @Override
      public void flagSetChanged(FlagSetChange change) {
        changes.accept(change);
      }
    };
  }
}
