package dev.shipshape.testing.internal;

import dev.shipshape.core.Shipshape;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import dev.shipshape.testing.ForEachVariant;
import dev.shipshape.testing.ShipshapeExtension;
import dev.shipshape.testing.ShipshapeTest;
import dev.shipshape.testing.StartAt;
import dev.shipshape.testing.TelemetryRecorder;
import dev.shipshape.testing.VariantOf;
import java.lang.annotation.Annotation;
import java.lang.annotation.Repeatable;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

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

  /** The annotations by which Spring injects a test instance's field. */
  private static final Set<String> INJECTING =
      Set.of(
          "org.springframework.beans.factory.annotation.Autowired",
          "jakarta.inject.Inject",
          "jakarta.annotation.Resource");

  /** The test that uses each Spring application right now, by the application's facade. */
  private static final Map<Shipshape, String> IN_USE = new IdentityHashMap<>();

  /** The borrowed application of each running test, by its test instance. */
  private static final Map<Object, TestApplication> BY_TEST_INSTANCE = new IdentityHashMap<>();

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

  /** Keeps the application a running test borrowed, for {@link #beforeTestMethod}. */
  static void borrowedBy(Object testInstance, TestApplication app) {
    synchronized (BY_TEST_INSTANCE) {
      BY_TEST_INSTANCE.put(testInstance, app);
    }
  }

  /** Forgets the application a test borrowed, when the test is done with it. */
  static void returnedBy(Object testInstance, TestApplication app) {
    synchronized (BY_TEST_INSTANCE) {
      BY_TEST_INSTANCE.remove(testInstance, app);
    }
  }

  /**
   * Called by Spring's side when Spring prepares a test method, after it has replaced a context
   * that {@code @DirtiesContext} marked for replacement before the method: when the extension
   * had already borrowed the old context's application (it runs first when {@code @ShipshapeTest}
   * is declared before {@code @SpringBootTest}), the test and its overrides move to the new one.
   *
   * @param testClass the test class, as Spring's side registered it
   * @param testInstance the test instance
   */
  public static void beforeTestMethod(Class<?> testClass, Object testInstance) {
    TestApplication borrowed;
    synchronized (BY_TEST_INSTANCE) {
      borrowed = BY_TEST_INSTANCE.get(testInstance);
    }
    Supplier<TestApplication> context = BY_CLASS.get(testClass);
    if (borrowed == null || context == null) {
      return;
    }
    TestApplication current = context.get();
    if (current.ship() != borrowed.ship()) {
      borrowed.moveTo(current);
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
      if (extendedWith(c.getRequiredTestClass(), SPRING_EXTENSION)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a test class runs with {@link ShipshapeExtension}: {@link ShipshapeTest} or {@code
   * @ExtendWith(ShipshapeExtension.class)} on it, a superclass or, for a {@code @Nested} class, an
   * enclosing class, or a {@code @RegisterExtension} field of that type.
   *
   * @param testClass the test class
   * @return whether the extension serves its tests
   */
  public static boolean usesExtension(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = enclosingTestClass(type)) {
      if (extendedWith(type, ShipshapeExtension.class.getName())
          || !AnnotationSupport.findAnnotatedFields(
                  type,
                  RegisterExtension.class,
                  f -> ShipshapeExtension.class.isAssignableFrom(f.getType()))
              .isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a Spring test class that does not run with {@link ShipshapeExtension} must not use the
   * support's annotations or its {@link TelemetryRecorder}: nothing would apply the overrides, so
   * the tests would silently run without them; null if it uses none.
   *
   * @param testClass a test class for which {@link #usesExtension} is false
   * @return the message, naming every use and what to add, or null
   */
  public static @Nullable String unservedUses(Class<?> testClass) {
    List<String> uses = new ArrayList<>();
    String name = testClass.getSimpleName();
    for (Class<? extends Annotation> type :
        List.of(FlagVariant.class, FlagValue.class, StartAt.class)) {
      if (declares(testClass, type)) {
        uses.add("@" + type.getSimpleName() + " on " + name);
      }
    }
    for (Method m :
        ReflectionSupport.findMethods(testClass, m -> true, HierarchyTraversalMode.TOP_DOWN)) {
      String where = Applications.describe(m);
      for (Class<? extends Annotation> type :
          List.of(FlagVariant.class, FlagValue.class, ForEachVariant.class, StartAt.class)) {
        if (declares(m, type)) {
          uses.add("@" + type.getSimpleName() + " on " + where);
        }
      }
      for (Parameter p : m.getParameters()) {
        if (p.isAnnotationPresent(VariantOf.class)) {
          uses.add("@VariantOf on a parameter of " + where);
        }
      }
    }
    uses.addAll(recorderUses(testClass));
    if (uses.isEmpty()) {
      return null;
    }
    return "Spring test "
        + name
        + " uses Shipshape's test support ("
        + String.join(", ", uses)
        + ") but was not annotated @ShipshapeTest, so no override, clock or recorder would be"
        + " applied: add @ShipshapeTest to "
        + name;
  }

  /**
   * Where a test class takes the context's {@link TelemetryRecorder}: its {@code TelemetryRecorder}
   * parameters and the recorder fields Spring injects, each named as messages name it.
   *
   * @param testClass a test class
   * @return the uses, in declaration order from the top of the hierarchy; empty if none
   */
  public static List<String> recorderUses(Class<?> testClass) {
    List<String> uses = new ArrayList<>();
    for (Method m :
        ReflectionSupport.findMethods(testClass, m -> true, HierarchyTraversalMode.TOP_DOWN)) {
      for (Parameter p : m.getParameters()) {
        if (p.getType() == TelemetryRecorder.class && !p.isAnnotationPresent(VariantOf.class)) {
          uses.add("a TelemetryRecorder parameter of " + Applications.describe(m));
        }
      }
    }
    for (Field f :
        ReflectionSupport.findFields(
            testClass,
            f -> f.getType() == TelemetryRecorder.class && injected(f),
            HierarchyTraversalMode.TOP_DOWN)) {
      uses.add(
          "the injected TelemetryRecorder field "
              + f.getDeclaringClass().getSimpleName()
              + "."
              + f.getName());
    }
    return uses;
  }

  /**
   * Whether Spring injects the field ({@code @Autowired}, {@code @Inject}, {@code @Resource});
   * a recorder the test creates itself is its own business.
   */
  private static boolean injected(Field field) {
    for (Annotation a : field.getAnnotations()) {
      if (INJECTING.contains(a.annotationType().getName())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the annotation is on the element, directly, repeated or as a meta-annotation. */
  private static boolean declares(AnnotatedElement element, Class<? extends Annotation> type) {
    return type.isAnnotationPresent(Repeatable.class)
        ? !AnnotationSupport.findRepeatableAnnotations(element, type).isEmpty()
        : AnnotationSupport.isAnnotated(element, type);
  }

  /** The class a {@code @Nested} (inner) class is declared in, or null for a top-level one. */
  private static @Nullable Class<?> enclosingTestClass(Class<?> type) {
    return Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass();
  }

  /** Whether {@code @ExtendWith} on the class (directly, meta or inherited) names the extension. */
  private static boolean extendedWith(Class<?> type, String extension) {
    for (ExtendWith e : AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)) {
      for (Class<?> registered : e.value()) {
        if (registered.getName().equals(extension)) {
          return true;
        }
      }
    }
    return false;
  }
}
