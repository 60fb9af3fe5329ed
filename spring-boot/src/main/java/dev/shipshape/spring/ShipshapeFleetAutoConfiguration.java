package dev.shipshape.spring;

import dev.shipshape.fleet.FleetGate;
import dev.shipshape.spring.internal.FleetGates;
import dev.shipshape.spring.internal.RolloutGates;
import dev.shipshape.spring.internal.ShipshapeEnabled;
import dev.shipshape.spring.internal.StartupProblems;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * The fleet gate from {@code shipshape.fleet.*} properties, when {@code shipshape-fleet} is on the
 * class path and {@code shipshape.fleet.prometheus} is set: the rollouts listed in {@code
 * shipshape.fleet.rollouts} then take every instance's step from the plan in their flag's
 * metadata and Prometheus' SLO verdict instead of running their own schedule.
 */
// after: the Shipshape bean asks for the gate, so that a gate's problems are listed with its own
@AutoConfiguration(after = ShipshapeAutoConfiguration.class)
@ConditionalOnClass(FleetGate.class)
@Conditional(ShipshapeEnabled.class)
@ConditionalOnProperty(prefix = "shipshape.fleet", name = "prometheus")
@EnableConfigurationProperties(ShipshapeFleetProperties.class)
public class ShipshapeFleetAutoConfiguration {

  /** Creates the autoconfiguration; Spring calls it. */
  public ShipshapeFleetAutoConfiguration() {}

  /**
   * The fleet gate, closed with the context.
   *
   * @param properties the {@code shipshape.fleet.*} properties
   * @param shipshapeProperties the {@code shipshape.*} properties, when bound
   * @param beanFactory where the problems of the binding are collected
   * @param environment searched for {@code shipshape.*} keys that no property binds
   * @return the gate
   * @throws InvalidShipshapePropertiesException listing every problem of the properties found
   *     before they are read, and the gate's, when one of them is a fleet property's
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public FleetGate shipshapeFleetGate(
      ShipshapeFleetProperties properties,
      ObjectProvider<ShipshapeProperties> shipshapeProperties,
      ListableBeanFactory beanFactory,
      Environment environment) {
    return FleetGates.build(
        properties,
        StartupProblems.earlier(
            beanFactory, environment, shipshapeProperties.getIfAvailable()));
  }

  /**
   * Which rollouts of {@code shipshape.rollouts} the fleet gate drives.
   *
   * @param gate the fleet gate
   * @param properties the {@code shipshape.fleet.*} properties
   * @return the gates by flag key
   */
  @Bean
  RolloutGates shipshapeFleetRolloutGates(FleetGate gate, ShipshapeFleetProperties properties) {
    return new RolloutGates(gate, properties.getRollouts(), "shipshape.fleet.rollouts");
  }
}
