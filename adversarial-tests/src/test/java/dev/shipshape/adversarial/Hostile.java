package dev.shipshape.adversarial;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/** One hostile input and the check of its exact outcome, run within a time bound. */
record Hostile(String name, Duration bound, Executable check) {

  /** The bound of a case that names none: five seconds of real time. */
  static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);

  static Hostile of(String name, Executable check) {
    return new Hostile(name, DEFAULT_BOUND, check);
  }

  static Hostile of(String name, Duration bound, Executable check) {
    return new Hostile(name, bound, check);
  }

  /** One dynamic test per case; a case that overruns its bound fails. */
  static Stream<DynamicTest> run(List<Hostile> cases) {
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(), () -> assertTimeoutPreemptively(c.bound(), c.check())));
  }
}
