package dev.shipshape.testing.internal.spring;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.testing.internal.SpringApplications;
import dev.shipshape.testing.internal.TestApplication;
import dev.shipshape.time.ManualClock;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Hands the application of a {@code @ShipshapeTest} class's Spring context to the JUnit extension:
 * the extension then applies {@code @FlagVariant}/{@code @FlagValue} overrides to the
 * application's own Shipshape bean, resolves {@code Shipshape}, {@code Flags}, {@code
 * ManualClock} and {@code TelemetryRecorder} parameters from it, and removes the overrides after
 * each test. The context is read lazily, so a context closed by {@code @DirtiesContext} is
 * replaced by the next one. A Spring test class that uses the support's annotations or recorder
 * without the extension fails before its tests run, since nothing would apply them.
 */
public final class ShipshapeTestExecutionListener implements TestExecutionListener, Ordered {

  /** Created by Spring's test context. */
  public ShipshapeTestExecutionListener() {}

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void beforeTestClass(TestContext testContext) {
    Class<?> testClass = testContext.getTestClass();
    if (SpringApplications.usesExtension(testClass)) {
      SpringApplications.register(
          testClass, () -> application(testClass, testContext.getApplicationContext()));
      return;
    }
    String unserved = SpringApplications.unservedUses(testClass);
    if (unserved != null) {
      throw new IllegalStateException(unserved);
    }
  }

  @Override
  public void beforeTestMethod(TestContext testContext) {
    SpringApplications.beforeTestMethod(testContext.getTestClass(), testContext.getTestInstance());
  }

  @Override
  public void afterTestClass(TestContext testContext) {
    SpringApplications.unregister(testContext.getTestClass());
  }

  /** What the context has instead of one Shipshape bean, and what to change. */
  private static String missingOrAmbiguous(ApplicationContext context) {
    String[] names = context.getBeanNamesForType(Shipshape.class);
    if (names.length > 1) {
      return "several, " + List.of(names) + ": mark the one the application uses @Primary";
    }
    String enabled = context.getEnvironment().getProperty("shipshape.enabled");
    if (enabled != null && readsAsFalse(enabled)) {
      return "none, since shipshape.enabled was '"
          + enabled
          + "': leave it unset (or true) in this test's properties, or drop @ShipshapeTest";
    }
    return "none: put shipshape-spring-boot-starter on the test class path with Spring Boot's"
        + " autoconfiguration (@SpringBootApplication or @EnableAutoConfiguration), or declare a"
        + " Shipshape bean";
  }

  /** Whether Spring reads the text as false ({@code false}, {@code off}, {@code no}, {@code 0}). */
  private static boolean readsAsFalse(String text) {
    try {
      return Boolean.FALSE.equals(
          DefaultConversionService.getSharedInstance().convert(text, Boolean.class));
    } catch (ConversionException e) {
      return false;
    }
  }

  private static TestApplication application(Class<?> testClass, ApplicationContext context) {
    Shipshape ship = context.getBeanProvider(Shipshape.class).getIfUnique();
    if (ship == null) {
      throw new IllegalStateException(
          "@ShipshapeTest on a Spring test needs one Shipshape bean in the context (the Spring"
              + " Boot starter builds it), but there was "
              + missingOrAmbiguous(context));
    }
    if (!(ship.clock() instanceof ManualClock clock)) {
      throw new IllegalStateException(
          "@ShipshapeTest on a Spring test needs the Shipshape bean on the test's ManualClock"
              + " (bean '" + ShipshapeContextCustomizerFactory.CLOCK_BEAN + "'), but its clock was "
              + ship.clock() + ": let the starter build it, or give your own Shipshape bean the"
              + " context's Clock");
    }
    TelemetryRecorder recorder =
        context.getBean(ShipshapeContextCustomizerFactory.RECORDER_BEAN, TelemetryRecorder.class);
    if (!recorder.isRegisteredWith(ship)) {
      List<String> uses = SpringApplications.recorderUses(testClass);
      if (!uses.isEmpty()) {
        throw new IllegalStateException(
            "@ShipshapeTest on a Spring test gives "
                + String.join(", ", uses)
                + " the context's TelemetryRecorder (bean '"
                + ShipshapeContextCustomizerFactory.RECORDER_BEAN
                + "'), but the Shipshape bean does not send its telemetry to it, so the test would"
                + " see no event and an assertion that nothing happened would pass without"
                + " checking: register the context's TelemetrySink beans with your own Shipshape"
                + " bean (builder.telemetry(sink) for each), or let the starter build it");
      }
    }
    return TestApplication.borrowed(clock, recorder, ship);
  }
}
