package dev.shipshape.spring.actuate;

import dev.shipshape.core.Shipshape;
import dev.shipshape.spring.ShipshapeAutoConfiguration;
import dev.shipshape.spring.ShipshapeProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator integration for the application's {@link Shipshape}: its health checks as the {@code
 * shipshape} health contributor, joined to Boot's {@code liveness} and {@code readiness} groups by
 * probe, and the {@code flags}, {@code slos} and {@code rollouts} endpoints (exposed over HTTP only
 * when the application exposes them, like every Actuator endpoint).
 */
@AutoConfiguration(
    after = ShipshapeAutoConfiguration.class,
    // After Boot's health endpoint and probes, so that ShipshapeHealthGroups, ordered like Boot's
    // own probe post-processor, is registered (and applied) after it.
    afterName = {
      "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
      "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration"
    })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Shipshape.class)
public class ShipshapeActuatorAutoConfiguration {

  /** Creates the autoconfiguration; Spring calls it. */
  public ShipshapeActuatorAutoConfiguration() {}

  /**
   * The {@code flags} endpoint.
   *
   * @param shipshape the application's Shipshape
   * @param properties the properties, for the stale-flag threshold
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  public FlagsEndpoint shipshapeFlagsEndpoint(
      Shipshape shipshape, ObjectProvider<ShipshapeProperties> properties) {
    ShipshapeProperties p = properties.getIfAvailable(ShipshapeProperties::new);
    return new FlagsEndpoint(shipshape, p.getFlags().getStaleAfter());
  }

  /**
   * The {@code slos} endpoint.
   *
   * @param shipshape the application's Shipshape
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  public SlosEndpoint shipshapeSlosEndpoint(Shipshape shipshape) {
    return new SlosEndpoint(shipshape);
  }

  /**
   * The {@code rollouts} endpoint.
   *
   * @param shipshape the application's Shipshape
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  public RolloutsEndpoint shipshapeRolloutsEndpoint(Shipshape shipshape) {
    return new RolloutsEndpoint(shipshape);
  }

  /**
   * The HTTP answers of the {@code rollouts} endpoint's write operation: 404 for a flag without a
   * rollout and 400 with the reason for a bad action.
   *
   * @param endpoint the rollouts endpoint
   * @return the web extension
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(RolloutsEndpoint.class)
  @ConditionalOnAvailableEndpoint(
      endpoint = RolloutsEndpoint.class,
      exposure = EndpointExposure.WEB)
  public RolloutsEndpointWebExtension shipshapeRolloutsEndpointWebExtension(
      RolloutsEndpoint endpoint) {
    return new RolloutsEndpointWebExtension(endpoint);
  }

  /** Health contributors, when Boot's health support is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
  @ConditionalOnEnabledHealthIndicator("shipshape")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "shipshapeHealthContributor")
    ShipshapeHealthContributor shipshapeHealthContributor(Shipshape shipshape) {
      return new ShipshapeHealthContributor(shipshape.health());
    }

    @Bean
    @ConditionalOnMissingBean
    ShipshapeHealthGroups shipshapeHealthGroups() {
      return new ShipshapeHealthGroups("shipshape");
    }
  }
}
