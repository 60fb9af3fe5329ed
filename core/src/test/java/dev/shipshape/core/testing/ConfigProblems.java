package dev.shipshape.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.config.InvalidConfigException;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the problems a refused configuration reports. */
public final class ConfigProblems {

  private ConfigProblems() {}

  /**
   * Runs {@code build}, checks that it is refused with {@code type}, and returns an assertion on
   * the messages of the problems the exception lists, in the order it lists them.
   */
  public static ListAssert<String> assertProblems(
      Class<? extends InvalidConfigException> type, ThrowingCallable build) {
    Throwable thrown = catchThrowable(build);
    assertThat(thrown).as("the configuration was refused").isInstanceOf(type);
    return assertThat(
        ((InvalidConfigException) thrown).problems().stream().map(ConfigProblem::message).toList());
  }
}
