package dev.shipshape.testing.internal.spring;

import dev.shipshape.testing.StartAt;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.testing.internal.Applications;
import dev.shipshape.testing.internal.SpringApplications;
import dev.shipshape.time.ManualClock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives the Spring context of a {@code @ShipshapeTest} class a primary {@link ManualClock}, at the
 * class's {@link StartAt} or {@link ManualClock#DEFAULT_START}, and a {@link TelemetryRecorder};
 * the Spring Boot starter builds the application's Shipshape on that clock (and so on a manual
 * scheduler) and sends its telemetry to the recorder. Test classes with the same start share a
 * cached context, as Spring test classes with the same configuration do.
 */
public final class ShipshapeContextCustomizerFactory implements ContextCustomizerFactory {

  /** The manual clock's bean name. */
  public static final String CLOCK_BEAN = "shipshapeTestClock";

  /** The telemetry recorder's bean name. */
  public static final String RECORDER_BEAN = "shipshapeTestRecorder";

  /** Created by Spring's test context. */
  public ShipshapeContextCustomizerFactory() {}

  @Override
  public @Nullable ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    if (!SpringApplications.usesExtension(testClass)) {
      return null;
    }
    StartAt startAt = TestContextAnnotationUtils.findMergedAnnotation(testClass, StartAt.class);
    Instant start = startAt == null ? ManualClock.DEFAULT_START : Applications.instant(startAt);
    return new ManualTime(start);
  }

  /** Registers the clock and the recorder; equal for equal starts, so contexts are cached. */
  private record ManualTime(Instant start) implements ContextCustomizer {

    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
      if (!(context instanceof BeanDefinitionRegistry registry)) {
        throw new IllegalStateException(
            "@ShipshapeTest needs a Spring context that accepts bean definitions, but it was a "
                + context.getClass().getName());
      }
      RootBeanDefinition clock =
          new RootBeanDefinition(ManualClock.class, () -> ManualClock.at(start));
      clock.setPrimary(true);
      registry.registerBeanDefinition(CLOCK_BEAN, clock);
      registry.registerBeanDefinition(
          RECORDER_BEAN, new RootBeanDefinition(TelemetryRecorder.class, TelemetryRecorder::create));
    }
  }
}
