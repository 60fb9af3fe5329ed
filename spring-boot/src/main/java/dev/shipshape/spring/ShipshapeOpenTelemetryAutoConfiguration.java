package dev.shipshape.spring;

import dev.shipshape.otelbridge.OtelTelemetry;
import dev.shipshape.spring.internal.ShipshapeEnabled;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Sends Shipshape's telemetry to the application's {@link OpenTelemetry} bean through the
 * otel-bridge, when both are present.
 */
@AutoConfiguration(
    before = ShipshapeAutoConfiguration.class,
    afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({OtelTelemetry.class, OpenTelemetry.class})
@Conditional(ShipshapeEnabled.class)
public class ShipshapeOpenTelemetryAutoConfiguration {

  /** Creates the autoconfiguration; Spring calls it. */
  public ShipshapeOpenTelemetryAutoConfiguration() {}

  /**
   * The OpenTelemetry telemetry sink; the Shipshape bean closes it.
   *
   * @param openTelemetry the application's OpenTelemetry
   * @return the sink
   */
  @Bean(destroyMethod = "")
  @ConditionalOnBean(OpenTelemetry.class)
  @ConditionalOnMissingBean
  public OtelTelemetry shipshapeOtelTelemetry(OpenTelemetry openTelemetry) {
    return OtelTelemetry.of(openTelemetry);
  }
}
