package dev.shipshape.spring;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.spring.internal.AvailabilityBridge;
import dev.shipshape.spring.internal.PropertiesAssembler;
import dev.shipshape.spring.internal.RolloutGates;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Builds the application's {@link Shipshape} from {@code shipshape.*} properties, with the
 * application's {@link Clock} (when it defines exactly one), {@link MeterRegistry}, {@link
 * TelemetrySink} beans (such as the OpenTelemetry bridge), {@link HealthCheck} beans and {@link
 * ShipshapeCustomizer}s. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
      "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = "shipshape.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShipshapeProperties.class)
public class ShipshapeAutoConfiguration {

  /** Creates the autoconfiguration; Spring calls it. */
  public ShipshapeAutoConfiguration() {}

  /**
   * The application's Shipshape, closed when the context closes.
   *
   * @param properties the {@code shipshape.*} properties
   * @param clock the application's clock, if it defines exactly one
   * @param meterRegistry the application's meter registry, if any
   * @param sinks telemetry sinks defined as beans
   * @param customizers builder customizers
   * @param beanFactory where the {@link HealthCheck} beans are found, by name, and the gates of
   *     fleet rollouts ({@link ShipshapeFleetAutoConfiguration})
   * @return the running Shipshape
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Shipshape shipshape(
      ShipshapeProperties properties,
      ObjectProvider<Clock> clock,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<TelemetrySink> sinks,
      ObjectProvider<ShipshapeCustomizer> customizers,
      ListableBeanFactory beanFactory) {
    Shipshape.Builder builder = Shipshape.builder();
    clock.ifUnique(builder::clock);
    meterRegistry.ifUnique(builder::meterRegistry);
    sinks.orderedStream().forEach(builder::telemetry);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    Map<String, HealthCheck> checks = beanFactory.getBeansOfType(HealthCheck.class);
    ClassLoader loader = ShipshapeAutoConfiguration.class.getClassLoader();
    RolloutGates gates = beanFactory.getBeanProvider(RolloutGates.class).getIfUnique();
    return new PropertiesAssembler(loader, gates).build(builder, properties, checks);
  }

  /**
   * Keeps Shipshape's draining and Boot's readiness state in step, and marks Shipshape's startup
   * probe started when the application has started.
   *
   * @param shipshape the application's Shipshape
   * @param publisher publishes availability changes
   * @param availability Boot's availability state, if available
   * @return the bridge
   */
  @Bean
  @ConditionalOnMissingBean
  AvailabilityBridge shipshapeAvailabilityBridge(
      Shipshape shipshape,
      ApplicationEventPublisher publisher,
      ObjectProvider<ApplicationAvailability> availability) {
    return new AvailabilityBridge(shipshape, publisher, availability::getIfAvailable);
  }
}
