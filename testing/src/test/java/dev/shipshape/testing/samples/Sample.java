package dev.shipshape.testing.samples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a sample class: it runs only when a test launches it through EngineTestKit with {@link
 * #PARAMETER} set (some of its tests fail on purpose), and is skipped by an ordinary build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(Sample.OnlyWhenLaunchedByATest.class)
public @interface Sample {

  /** The configuration parameter the launching test sets to {@code true}. */
  String PARAMETER = "dev.shipshape.testing.samples";

  /** Disables the sample unless {@link #PARAMETER} is set. */
  final class OnlyWhenLaunchedByATest implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("launched by a test")
          : ConditionEvaluationResult.disabled("a sample, run by ShipshapeExtensionTest");
    }
  }
}
