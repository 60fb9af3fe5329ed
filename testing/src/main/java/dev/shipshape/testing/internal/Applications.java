package dev.shipshape.testing.internal;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.ShipshapeSetup;
import dev.shipshape.testing.StartAt;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/** Builds a test's application from the test class's setup methods. */
public final class Applications {

  private Applications() {}

  /**
   * Builds the application for one test, or for reading its flags before the test runs (when an
   * instance setup method then needs a test instance that does not exist, that is an error).
   */
  public static TestApplication start(
      ExtensionContext context, @Nullable Consumer<Shipshape.Builder> configurer) {
    Supplier<TestApplication> spring = SpringApplications.find(context);
    if (spring != null) {
      return borrowFromSpring(context, configurer, spring);
    }
    if (SpringApplications.isSpringTest(context)) {
      throw new ExtensionConfigurationException(
          "@ShipshapeTest on a Spring test was used without Spring's side of the support, so"
              + " the test would get an application of its own instead of the Spring context's:"
              + " keep spring-test 7 on the test class path and, with @TestExecutionListeners,"
              + " merge with the defaults (MergeMode.MERGE_WITH_DEFAULTS)");
    }
    ManualClock clock = ManualClock.at(startInstant(context));
    Scheduler scheduler = Scheduler.manual(clock);
    TelemetryRecorder recorder = TelemetryRecorder.create();
    try {
      Shipshape.Builder builder = Shipshape.builder();
      if (configurer != null) {
        configurer.accept(builder);
      }
      for (ExtensionContext classContext : classContexts(context)) {
        Class<?> type = classContext.getRequiredTestClass();
        for (Method m :
            AnnotationSupport.findAnnotatedMethods(
                type, ShipshapeSetup.class, HierarchyTraversalMode.TOP_DOWN)) {
          invokeSetup(context, classContext, m, builder);
        }
      }
      builder.clock(clock).scheduler(scheduler).telemetry(recorder);
      return new TestApplication(clock, recorder, builder.build());
    } catch (RuntimeException | Error e) {
      scheduler.close();
      throw e;
    }
  }

  /**
   * The Spring context's application for this test: its own configuration (properties,
   * customizer beans) is the application's, so setup methods and a method's {@link StartAt},
   * which would configure a second one, are refused.
   */
  private static TestApplication borrowFromSpring(
      ExtensionContext context,
      @Nullable Consumer<Shipshape.Builder> configurer,
      Supplier<TestApplication> spring) {
    List<String> problems = new ArrayList<>();
    if (configurer != null) {
      problems.add(
          "ShipshapeExtension.configure(...) was used on a Spring test but the application is"
              + " the Spring context's: configure it with shipshape.* properties or a"
              + " ShipshapeCustomizer bean");
    }
    for (ExtensionContext classContext : classContexts(context)) {
      for (Method m :
          AnnotationSupport.findAnnotatedMethods(
              classContext.getRequiredTestClass(),
              ShipshapeSetup.class,
              HierarchyTraversalMode.TOP_DOWN)) {
        problems.add(
            "@ShipshapeSetup method "
                + describe(m)
                + " was declared on a Spring test but the application is the Spring context's:"
                + " configure it with shipshape.* properties or a ShipshapeCustomizer bean");
      }
    }
    context
        .getTestMethod()
        .filter(m -> AnnotationSupport.isAnnotated(m, StartAt.class))
        .ifPresent(
            m ->
                problems.add(
                    "@StartAt was on the method "
                        + describe(m)
                        + " but in a Spring test the clock belongs to the context, which the"
                        + " test classes that share it share: put @StartAt on the class"));
    if (!problems.isEmpty()) {
      throw new ExtensionConfigurationException(String.join("\n", problems));
    }
    TestApplication app = spring.get();
    String test = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
    app.lease(
        context.getTestMethod().isPresent() ? test : context.getDisplayName(),
        context.getTestInstance().orElse(null));
    app.recorder().clear();
    return app;
  }

  private static void invokeSetup(
      ExtensionContext context,
      ExtensionContext classContext,
      Method m,
      Shipshape.Builder builder) {
    Class<?> type = classContext.getRequiredTestClass();
    Class<?>[] params = m.getParameterTypes();
    if (params.length != 1 || !params[0].isAssignableFrom(Shipshape.Builder.class)) {
      throw new ExtensionConfigurationException(
          "@ShipshapeSetup method "
              + describe(m)
              + " was declared with parameters "
              + List.of(params)
              + " but must take exactly one Shipshape.Builder");
    }
    if (Modifier.isStatic(m.getModifiers())) {
      ReflectionSupport.invokeMethod(m, null, builder);
      return;
    }
    // Before a nested class's instance exists, an enclosing class with one instance for all its
    // tests already has it.
    Optional<Object> target =
        context
            .getTestInstances()
            .flatMap(all -> all.findInstance(type))
            .<Object>map(o -> o)
            .or(classContext::getTestInstance);
    if (target.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@ShipshapeSetup method "
              + describe(m)
              + " was an instance method but must be static here: @ForEachVariant without"
              + " 'variants' reads the flag's variants before any test instance exists (unless"
              + " its class uses @TestInstance(PER_CLASS))");
    }
    ReflectionSupport.invokeMethod(m, target.get(), builder);
  }

  /** The start instant: the method's {@link StartAt}, else the innermost class's, else default. */
  static Instant startInstant(ExtensionContext context) {
    Optional<StartAt> found =
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, StartAt.class));
    if (found.isEmpty()) {
      List<ExtensionContext> classes = classContexts(context);
      for (int i = classes.size() - 1; i >= 0 && found.isEmpty(); i--) {
        found =
            AnnotationSupport.findAnnotation(classes.get(i).getRequiredTestClass(), StartAt.class);
      }
    }
    return found.isEmpty() ? ManualClock.DEFAULT_START : instant(found.get());
  }

  /**
   * The instant a {@link StartAt} names.
   *
   * @throws ExtensionConfigurationException if it is not an ISO-8601 instant
   */
  public static Instant instant(StartAt startAt) {
    String text = startAt.value();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ExtensionConfigurationException(
          "@StartAt was '"
              + text
              + "' but must be an ISO-8601 instant such as 2026-03-01T09:00:00Z",
          e);
    }
  }

  /** The contexts of the test's classes, outermost first (enclosing classes of nested tests). */
  static List<ExtensionContext> classContexts(ExtensionContext context) {
    Deque<ExtensionContext> out = new ArrayDeque<>();
    Optional<ExtensionContext> current = Optional.of(context);
    while (current.isPresent()) {
      ExtensionContext c = current.get();
      if (c.getElement().filter(e -> e instanceof Class).isPresent()) {
        out.addFirst(c);
      }
      current = c.getParent();
    }
    return new ArrayList<>(out);
  }

  /** The method as messages name it: {@code Class.method()}. */
  public static String describe(Method m) {
    return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()";
  }
}
