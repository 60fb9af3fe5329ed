package dev.shipshape.spring.actuate;

import dev.shipshape.core.health.CheckReport;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthReport;
import dev.shipshape.core.health.HealthStatus;
import dev.shipshape.core.health.Probe;
import dev.shipshape.time.internal.SafeText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Shipshape's health checks as Boot health contributors, grouped by probe: {@code
 * shipshape/liveness/<check>}, {@code shipshape/readiness/<check>} and {@code
 * shipshape/startup/<check>}. When Boot asks for a probe's checks, Shipshape runs them once, in
 * parallel and each under its own timeout, so a hung check is answered {@code DOWN} within its
 * timeout and never holds up the others. A probe's checks run only when one of them is asked for,
 * so the liveness group never waits for readiness checks.
 *
 * <p>A failing non-critical check is reported with the status {@link #NON_CRITICAL_DOWN} ({@code
 * DEGRADED}), which Boot's default status order ignores: it is visible in the details but never
 * takes a group {@code DOWN}. Add {@code DEGRADED} to {@code
 * management.endpoint.health.status.order} to make it count.
 */
public final class ShipshapeHealthContributor implements CompositeHealthContributor {

  /** The status of a failing non-critical check: shown, but not aggregated by default. */
  public static final Status NON_CRITICAL_DOWN =
      new Status("DEGRADED", "a non-critical check is failing");

  private final Map<String, ProbeContributor> probes = new LinkedHashMap<>();

  /**
   * Contributes the checks of {@code health}.
   *
   * @param health the application's health probes
   */
  public ShipshapeHealthContributor(Health health) {
    for (Probe p : Probe.values()) {
      probes.put(p.label(), new ProbeContributor(health, p));
    }
  }

  @Override
  public @Nullable HealthContributor getContributor(String name) {
    return probes.get(name);
  }

  @Override
  public Stream<HealthContributors.Entry> stream() {
    return probes.entrySet().stream()
        .map(e -> new HealthContributors.Entry(e.getKey(), e.getValue()));
  }

  /**
   * Converts one check's entry to a Boot health.
   *
   * @param check the check's entry
   * @return the Boot health, with the check's message, details and timings as details
   */
  static org.springframework.boot.health.contributor.Health toHealth(CheckReport check) {
    Status status = status(check.status(), check.critical());
    org.springframework.boot.health.contributor.Health.Builder b =
        org.springframework.boot.health.contributor.Health.status(status);
    if (check.message() != null) {
      b.withDetail("message", check.message());
    }
    check.details().forEach((k, v) -> b.withDetail(k, SafeText.of(v)));
    b.withDetail("critical", check.critical());
    if (!check.critical()) {
      b.withDetail("checkStatus", check.status().name());
    }
    b.withDetail("duration", check.duration().toString());
    b.withDetail("takenAt", check.takenAt().toString());
    if (!check.age().isZero()) {
      b.withDetail("age", check.age().toString());
    }
    return b.build();
  }

  private static Status status(HealthStatus status, boolean critical) {
    if (status == HealthStatus.UP) {
      return Status.UP;
    }
    if (!critical) {
      return NON_CRITICAL_DOWN;
    }
    return status == HealthStatus.DOWN ? Status.DOWN : Status.OUT_OF_SERVICE;
  }

  /** The checks of one probe; each iteration shares one run of the probe. */
  private static final class ProbeContributor implements CompositeHealthContributor {
    private final Health health;
    private final Probe probe;
    private final List<String> names;

    ProbeContributor(Health health, Probe probe) {
      this.health = health;
      this.probe = probe;
      this.names = health.checkNames(probe); // fixed when the application is built
    }

    List<String> checkNames() {
      return names;
    }

    @Override
    public @Nullable HealthContributor getContributor(String name) {
      if (!checkNames().contains(name)) {
        return null;
      }
      return indicator(name, new SharedReport(health, probe));
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
      SharedReport report = new SharedReport(health, probe);
      return checkNames().stream()
          .map(n -> new HealthContributors.Entry(n, indicator(n, report)));
    }

    private static HealthIndicator indicator(String name, Supplier<HealthReport> report) {
      return () -> {
        Optional<CheckReport> check;
        try {
          check = report.get().check(name);
        } catch (RuntimeException e) {
          return org.springframework.boot.health.contributor.Health.down(e).build();
        }
        return check
            .map(ShipshapeHealthContributor::toHealth)
            .orElseGet(
                () ->
                    org.springframework.boot.health.contributor.Health.unknown()
                        .withDetail("message", "no result for " + name + " in this report")
                        .build());
      };
    }
  }

  /** One run of a probe, started by the first check that asks for it. */
  private static final class SharedReport implements Supplier<HealthReport> {
    private final Health health;
    private final Probe probe;
    private @Nullable HealthReport report;

    SharedReport(Health health, Probe probe) {
      this.health = health;
      this.probe = probe;
    }

    @Override
    public synchronized HealthReport get() {
      if (report == null) {
        report = health.report(probe);
      }
      return report;
    }
  }
}
