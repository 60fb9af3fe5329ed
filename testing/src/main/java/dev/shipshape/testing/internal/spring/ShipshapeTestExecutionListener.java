package dev.shipshape.testing.internal.spring;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.testing.internal.SpringApplications;
import dev.shipshape.testing.internal.TestApplication;
import dev.shipshape.time.ManualClock;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
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
          testClass, () -> application(testContext.getApplicationContext()));
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

  private static TestApplication application(ApplicationContext context) {
    Shipshape ship = context.getBeanProvider(Shipshape.class).getIfUnique();
    if (ship == null) {
      throw new IllegalStateException(
          "@ShipshapeTest on a Spring test needs one Shipshape bean in the context (the Spring"
              + " Boot starter builds it), but there was "
              + (context.getBeanNamesForType(Shipshape.class).length == 0 ? "none" : "several"));
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
    return TestApplication.borrowed(clock, recorder, ship);
  }
}
