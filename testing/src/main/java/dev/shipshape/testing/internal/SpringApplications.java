package dev.shipshape.testing.internal;

import dev.shipshape.core.Shipshape;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The applications of Spring tests: Spring's test context registers, for each {@code
 * @ShipshapeTest} class it runs, how to reach the application's own Shipshape in its context, and
 * the extension takes the application from here instead of building one. This class knows nothing
 * of Spring, so the extension runs without Spring on the class path.
 */
public final class SpringApplications {

  private static final String SPRING_EXTENSION =
      "org.springframework.test.context.junit.jupiter.SpringExtension";

  private static final Map<Class<?>, Supplier<TestApplication>> BY_CLASS =
      new ConcurrentHashMap<>();

  /** The test that uses each Spring application right now, by the application's facade. */
  private static final Map<Shipshape, String> IN_USE = new IdentityHashMap<>();

  private SpringApplications() {}

  /**
   * Makes the application of a test class's Spring context available to the extension.
   *
   * @param testClass the test class
   * @param application reads the application from the class's (cached) Spring context
   */
  public static void register(Class<?> testClass, Supplier<TestApplication> application) {
    BY_CLASS.put(testClass, application);
  }

  /**
   * Forgets a test class's application when Spring is done with the class.
   *
   * @param testClass the test class
   */
  public static void unregister(Class<?> testClass) {
    BY_CLASS.remove(testClass);
  }

  /**
   * Marks a Spring application as used by one test until {@link #release}; a second test that
   * starts while the first runs would share its flag overrides, clock and recorder, so it is
   * refused, naming both tests.
   */
  static void lease(Shipshape ship, String test) {
    synchronized (IN_USE) {
      String other = IN_USE.putIfAbsent(ship, test);
      if (other != null) {
        throw new ExtensionConfigurationException(
            "@ShipshapeTest: "
                + test
                + " started while "
                + other
                + " was running on the same Spring application (Spring's context cache gives test"
                + " classes with the same configuration one context), so each would see the"
                + " other's flag overrides, clock and telemetry: run the tests that share a context"
                + " one at a time, for example with @Isolated or one @ResourceLock name on their"
                + " classes, and @Execution(ExecutionMode.SAME_THREAD) on a class whose methods"
                + " run concurrently");
      }
    }
  }

  /** Ends the test's use of a Spring application that {@link #lease} gave it. */
  static void release(Shipshape ship, String test) {
    synchronized (IN_USE) {
      IN_USE.remove(ship, test);
    }
  }

  /** How to reach the test's Spring application, innermost test class first; null if none. */
  static @Nullable Supplier<TestApplication> find(ExtensionContext context) {
    List<ExtensionContext> classes = Applications.classContexts(context);
    for (int i = classes.size() - 1; i >= 0; i--) {
      Supplier<TestApplication> found = BY_CLASS.get(classes.get(i).getRequiredTestClass());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Whether the test runs with Spring's JUnit extension, on its class or an enclosing one. */
  static boolean isSpringTest(ExtensionContext context) {
    for (ExtensionContext c : Applications.classContexts(context)) {
      for (ExtendWith e :
          AnnotationSupport.findRepeatableAnnotations(c.getRequiredTestClass(), ExtendWith.class)) {
        for (Class<?> type : e.value()) {
          if (type.getName().equals(SPRING_EXTENSION)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
