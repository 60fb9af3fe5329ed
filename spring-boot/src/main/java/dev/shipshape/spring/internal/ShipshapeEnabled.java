package dev.shipshape.spring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code shipshape.enabled} is a value that Spring Boot's binder reads as false
 * ({@code false}, {@code off}, {@code no}, {@code 0}). A value it reads as true ({@code yes}) turns
 * the starter on, as the bound property says; a value it cannot read ({@code maybe}) keeps the
 * starter on too, so that the value is reported with the other problems of the properties
 * instead of the starter being turned off without a word.
 */
public final class ShipshapeEnabled extends SpringBootCondition {

  private static final String PROPERTY = "shipshape.enabled";

  /** Creates the condition; Spring calls it. */
  public ShipshapeEnabled() {}

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    String value = context.getEnvironment().getProperty(PROPERTY);
    if (value == null) {
      return ConditionOutcome.match(PROPERTY + " is not set");
    }
    Boolean enabled;
    try {
      enabled = ApplicationConversionService.getSharedInstance().convert(value, Boolean.class);
    } catch (ConversionException e) {
      return ConditionOutcome.match(PROPERTY + " is '" + value + "', reported as a problem");
    }
    return Boolean.FALSE.equals(enabled)
        ? ConditionOutcome.noMatch(PROPERTY + " is '" + value + "'")
        : ConditionOutcome.match(PROPERTY + " is '" + value + "'");
  }
}
