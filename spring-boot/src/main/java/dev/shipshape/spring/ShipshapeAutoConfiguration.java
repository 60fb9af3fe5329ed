package dev.shipshape.spring;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.Health;
import dev.shipshape.core.health.HealthCheck;
import dev.shipshape.core.rollout.Rollouts;
import dev.shipshape.core.telemetry.TelemetrySink;
import dev.shipshape.flags.Flags;
import dev.shipshape.spring.internal.AvailabilityBridge;
import dev.shipshape.spring.internal.BindingProblems;
import dev.shipshape.spring.internal.PropertiesAssembler;
import dev.shipshape.spring.internal.RolloutGates;
import dev.shipshape.spring.internal.ShipshapeEnabled;
import dev.shipshape.spring.internal.StartupProblems;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

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
@Conditional(ShipshapeEnabled.class)
@EnableConfigurationProperties(ShipshapeProperties.class)
public class ShipshapeAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ShipshapeAutoConfiguration.class);

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
   * @param environment searched for {@code shipshape.*} keys that no property binds
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
      ListableBeanFactory beanFactory,
      Environment environment) {
    Shipshape.Builder builder = Shipshape.builder();
    clock.ifUnique(builder::clock);
    meterRegistry.ifUnique(builder::meterRegistry);
    sinks.orderedStream().forEach(builder::telemetry);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    Map<String, HealthCheck> checks = beanFactory.getBeansOfType(HealthCheck.class);
    ClassLoader loader = ShipshapeAutoConfiguration.class.getClassLoader();
    List<ConfigProblem> earlier = StartupProblems.earlier(beanFactory, environment, properties);
    RolloutGates gates = null;
    try {
      gates = beanFactory.getBeanProvider(RolloutGates.class).getIfUnique();
    } catch (BeansException e) {
      // the fleet gate's properties are invalid: listed with every other problem
      earlier = StartupProblems.with(earlier, e);
    }
    Shipshape shipshape =
        new PropertiesAssembler(loader, gates).build(builder, properties, checks, earlier);
    if (shipshape.clock() instanceof ManualClock) {
      log.atWarn()
          .setMessage(
              "Shipshape runs on a ManualClock: health check timeouts, cached check results, SLO"
                  + " alert evaluation and flag polling happen only when the clock is advanced, so"
                  + " a health request for a check that hangs waits until the test advances the"
                  + " clock past the check's timeout (the longest is "
                  + shipshape.health().longestTimeout()
                  + "; see the starter's README, testing a Spring app)")
          .addKeyValue("clock", shipshape.clock())
          .addKeyValue("longestCheckTimeout", shipshape.health().longestTimeout())
          .log();
    }
    return shipshape;
  }

  /**
   * Collects the {@code shipshape.*} values Boot's binder cannot convert, so that they are
   * reported with every other problem of the properties.
   *
   * @return the collector
   */
  @Bean
  static BindingProblems shipshapeBindingProblems() {
    return new BindingProblems();
  }

  /**
   * Remembers the problems the property sources gave, so that the beans built from the
   * properties search the sources once between them.
   *
   * @return the memory
   */
  @Bean
  static StartupProblems shipshapeStartupProblems() {
    return new StartupProblems();
  }

  /**
   * The facade's feature flags, for code that only evaluates flags. The {@code Shipshape} bean
   * owns and closes them, so the bean has no destroy method of its own.
   *
   * @param shipshape the application's Shipshape
   * @return {@code shipshape.flags()}
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Flags shipshapeFlags(Shipshape shipshape) {
    return shipshape.flags();
  }

  /**
   * The facade's health probes; owned and closed by the {@code Shipshape} bean.
   *
   * @param shipshape the application's Shipshape
   * @return {@code shipshape.health()}
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Health shipshapeHealth(Shipshape shipshape) {
    return shipshape.health();
  }

  /**
   * The facade's progressive rollouts; owned and closed by the {@code Shipshape} bean.
   *
   * @param shipshape the application's Shipshape
   * @return {@code shipshape.rollouts()}
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Rollouts shipshapeRollouts(Shipshape shipshape) {
    return shipshape.rollouts();
  }

  /**
   * The facade's SLOs by name; owned and closed by the {@code Shipshape} bean.
   *
   * @param shipshape the application's Shipshape
   * @return the SLOs
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Slos shipshapeSlos(Shipshape shipshape) {
    return new Slos(shipshape);
  }

  /**
   * The facade's guards by name; owned and closed by the {@code Shipshape} bean.
   *
   * @param shipshape the application's Shipshape
   * @return the guards
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Guards shipshapeGuards(Shipshape shipshape) {
    return new Guards(shipshape);
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
