package dev.shipshape.testing;

import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthStatus;
import java.util.Optional;
import org.assertj.core.api.AbstractObjectAssert;

/** AssertJ assertions on a {@link HealthReport}; start with {@link ShipshapeAssertions}. */
public final class HealthReportAssert extends AbstractObjectAssert<HealthReportAssert, HealthReport> {

  HealthReportAssert(HealthReport actual) {
    super(actual, HealthReportAssert.class);
  }

  /**
   * Checks the probe's overall status.
   *
   * @param expected the status
   * @return this assertion
   */
  public HealthReportAssert hasStatus(HealthStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage(
          "Expected %s to be %s but it was %s; checks: %s",
          probe(), expected, actual.status(), checks());
    }
    return this;
  }

  /**
   * Checks that the probe is {@code UP}.
   *
   * @return this assertion
   */
  public HealthReportAssert isUp() {
    return hasStatus(HealthStatus.UP);
  }

  /**
   * Checks that the probe is {@code DOWN}.
   *
   * @return this assertion
   */
  public HealthReportAssert isDown() {
    return hasStatus(HealthStatus.DOWN);
  }

  /**
   * Checks that the probe is {@code OUT_OF_SERVICE}.
   *
   * @return this assertion
   */
  public HealthReportAssert isOutOfService() {
    return hasStatus(HealthStatus.OUT_OF_SERVICE);
  }

  /**
   * Checks that the report lists the named check with this status.
   *
   * @param name the check's name
   * @param expected its status
   * @return this assertion
   */
  public HealthReportAssert hasCheck(String name, HealthStatus expected) {
    CheckReport check = check(name);
    if (check.status() != expected) {
      failWithMessage(
          "Expected check '%s' of %s to be %s but it was %s%s",
          name,
          probe(),
          expected,
          check.status(),
          check.message() == null ? "" : " (" + check.message() + ")");
    }
    return this;
  }

  /**
   * Checks that the named check's message contains {@code text}.
   *
   * @param name the check's name
   * @param text the expected part of the message
   * @return this assertion
   */
  public HealthReportAssert hasCheckMessageContaining(String name, String text) {
    CheckReport check = check(name);
    if (check.message() == null || !check.message().contains(text)) {
      failWithMessage(
          "Expected the message of check '%s' to contain '%s' but it was '%s'",
          name, text, check.message());
    }
    return this;
  }

  /**
   * Checks that the report does not list the named check.
   *
   * @param name the check's name
   * @return this assertion
   */
  public HealthReportAssert doesNotHaveCheck(String name) {
    isNotNull();
    if (actual.check(name).isPresent()) {
      failWithMessage("Expected %s not to list check '%s' but it did: %s", probe(), name, checks());
    }
    return this;
  }

  /**
   * Checks the HTTP status the probe endpoint would answer with.
   *
   * @param expected 200 or 503
   * @return this assertion
   */
  public HealthReportAssert hasHttpStatus(int expected) {
    isNotNull();
    if (actual.httpStatus() != expected) {
      failWithMessage(
          "Expected %s to answer HTTP %s but it answers %s (status %s)",
          probe(), expected, actual.httpStatus(), actual.status());
    }
    return this;
  }

  private CheckReport check(String name) {
    isNotNull();
    Optional<CheckReport> check = actual.check(name);
    if (check.isEmpty()) {
      failWithMessage("Expected %s to list check '%s' but it lists: %s", probe(), name, checks());
    }
    return check.orElseThrow();
  }

  private String probe() {
    return actual.probe() == null ? "the health report" : "the " + actual.probe().label() + " probe";
  }

  private String checks() {
    StringBuilder out = new StringBuilder("[");
    for (CheckReport c : actual.checks()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(c.name()).append('=').append(c.status());
    }
    return out.append(']').toString();
  }
}
