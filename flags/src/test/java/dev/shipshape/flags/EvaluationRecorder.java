package dev.shipshape.flags;

import java.util.function.Consumer;

/** A listener that wants evaluations and hands each one to a consumer. */
final class EvaluationRecorder implements FlagListener {
  private final Consumer<EvaluationDetails<?>> consumer;

  private EvaluationRecorder(Consumer<EvaluationDetails<?>> consumer) {
    this.consumer = consumer;
  }

  static FlagListener to(Consumer<EvaluationDetails<?>> consumer) {
    return new EvaluationRecorder(consumer);
  }

  @Override
  public boolean wantsEvaluations() {
    return true;
  }

  @Override
  public void evaluated(EvaluationDetails<?> details) {
    consumer.accept(details);
  }
}
