package dev.shipshape.adversarial;

import dev.shipshape.flags.FlagSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/** A source answering read number {@code n} (from 0) with {@code script}, polled each second. */
class Scripted implements FlagSource {
  final AtomicInteger reads = new AtomicInteger();
  private final String name;
  private final IntFunction<String> script;

  /** A source named {@code custom}. */
  Scripted(IntFunction<String> script) {
    this("custom", script);
  }

  Scripted(String name, IntFunction<String> script) {
    this.name = name;
    this.script = script;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration pollInterval() {
    return Duration.ofSeconds(1);
  }

  @Override
  public @Nullable String read() {
    return script.apply(reads.getAndIncrement());
  }
}
