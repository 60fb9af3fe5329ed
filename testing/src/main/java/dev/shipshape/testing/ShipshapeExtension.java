package dev.shipshape.testing;

import dev.shipshape.core.Shipshape;
import dev.shipshape.core.health.Health;
import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.Flags;
import dev.shipshape.testing.internal.Applications;
import dev.shipshape.testing.internal.Overrides;
import dev.shipshape.testing.internal.Stores;
import dev.shipshape.testing.internal.TestApplication;
import dev.shipshape.testing.internal.VariantInvocation;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.Scheduler;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link ShipshapeTest}: before each test it builds the
 * application from the class's {@link ShipshapeSetup} methods on a fresh {@link ManualClock} and
 * manual {@link Scheduler}, with a {@link TelemetryRecorder} attached, applies the declared
 * {@link FlagVariant} and {@link FlagValue} overrides, and after the test removes the overrides
 * and closes the application, also when the test failed.
 *
 * <p>Test methods and {@code @BeforeEach}/{@code @AfterEach} methods can declare parameters of
 * type {@link Shipshape}, {@link Flags}, {@link Health}, {@link ManualClock} (or {@link Clock}),
 * {@link Scheduler} and {@link TelemetryRecorder}; they receive the test's own. Because every test
 * has its own application, overrides never leak between tests, including under parallel
 * execution. Register it with {@link ShipshapeTest}, or programmatically to share a configuration
 * between classes:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ShipshapeExtension APP = ShipshapeExtension.configure(MyApp::configureShipshape);
 * }</pre>
 */
public final class ShipshapeExtension
    implements BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver,
        TestTemplateInvocationContextProvider,
        InvocationInterceptor {

  private static final Set<Class<?>> INJECTABLE =
      Set.of(
          Shipshape.class,
          Flags.class,
          Health.class,
          ManualClock.class,
          Clock.class,
          Scheduler.class,
          TelemetryRecorder.class);

  /** The annotations that make a method a test, directly or as meta-annotations. */
  private static final List<Class<? extends Annotation>> TEST_KINDS =
      List.of(Test.class, TestTemplate.class, TestFactory.class);

  private final @Nullable Consumer<Shipshape.Builder> configurer;

  /**
   * An extension configured only by the test class's {@link ShipshapeSetup} methods; used by
   * {@link ShipshapeTest} and {@code @ExtendWith}.
   */
  public ShipshapeExtension() {
    this.configurer = null;
  }

  private ShipshapeExtension(Consumer<Shipshape.Builder> configurer) {
    this.configurer = configurer;
  }

  /**
   * An extension that configures each test's application with {@code application} first and then
   * with the class's {@link ShipshapeSetup} methods; register it on a static field with {@code
   * @RegisterExtension}.
   *
   * @param application adds flag sources, SLOs and health checks to the builder
   * @return the extension
   */
  public static ShipshapeExtension configure(Consumer<Shipshape.Builder> application) {
    return new ShipshapeExtension(Objects.requireNonNull(application, "application"));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getTestMethod().ifPresent(ShipshapeExtension::requireTemplateAlone);
    TestApplication existing = Stores.application(context);
    if (existing != null && existing.owner() != this) {
      throw new ExtensionConfigurationException(
          "ShipshapeExtension was registered twice for "
              + context.getDisplayName()
              + " but must be registered once: use @ShipshapeTest or a @RegisterExtension field,"
              + " not both");
    }
    if (existing != null) {
      return;
    }
    TestApplication app = Applications.start(context, configurer);
    app.owner(this);
    Stores.putApplication(context, app);
    try {
      List<Overrides.Declared> declared = Overrides.declared(context);
      Overrides.apply(app.ship().flags(), declared);
      app.declared(declared);
    } catch (RuntimeException e) {
      Stores.removeApplication(context);
      app.close();
      throw e;
    }
  }

  /**
   * Refuses a {@link ForEachVariant} method that also carries another test annotation: JUnit runs
   * the method once per kind, and the other kind's runs would not serve the variants.
   */
  private static void requireTemplateAlone(Method method) {
    if (AnnotationSupport.findRepeatableAnnotations(method, ForEachVariant.class).isEmpty()) {
      return;
    }
    for (Annotation annotation : method.getDeclaredAnnotations()) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (type == ForEachVariant.class
          || type == ForEachVariants.class
          || !AnnotationSupport.findRepeatableAnnotations(type, ForEachVariant.class).isEmpty()) {
        continue;
      }
      for (Class<? extends Annotation> kind : TEST_KINDS) {
        if (type == kind || AnnotationSupport.isAnnotated(type, kind)) {
          throw new ExtensionConfigurationException(
              "@ForEachVariant on "
                  + Applications.describe(method)
                  + " was combined with @"
                  + type.getSimpleName()
                  + " but must be the method's only test annotation: JUnit would also run the"
                  + " method as a @"
                  + type.getSimpleName()
                  + ", without the variants (to serve a variant in a parameterized test, mark its"
                  + " argument with @VariantOf)");
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestApplication app = Stores.removeApplication(context);
    if (app != null) {
      app.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return INJECTABLE.contains(parameter.getParameter().getType())
        && !parameter.isAnnotated(VariantOf.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestApplication app = Stores.application(context);
    if (app == null) {
      throw new ParameterResolutionException(
          "Shipshape parameters belong to one test: declare "
              + parameter.getParameter()
              + " on a test, @BeforeEach or @AfterEach method, not on a constructor or"
              + " @BeforeAll/@AfterAll method");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == Shipshape.class) {
      return app.ship();
    } else if (type == Flags.class) {
      return app.ship().flags();
    } else if (type == Health.class) {
      return app.ship().health();
    } else if (type == Scheduler.class) {
      return app.scheduler();
    } else if (type == TelemetryRecorder.class) {
      return app.recorder();
    }
    return app.clock();
  }

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context
            .getTestMethod()
            .filter(
                m -> !AnnotationSupport.findRepeatableAnnotations(m, ForEachVariant.class).isEmpty())
            .isPresent()
        && Stores.claimTemplate(context, this);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    List<ForEachVariant> flags =
        AnnotationSupport.findRepeatableAnnotations(method, ForEachVariant.class);
    Map<String, List<String>> axes = new LinkedHashMap<>();
    boolean needsDiscovery = false;
    for (ForEachVariant f : flags) {
      if (axes.containsKey(f.value())) {
        throw new ExtensionConfigurationException(
            "@ForEachVariant(\""
                + f.value()
                + "\") on "
                + Applications.describe(method)
                + ": flag was '"
                + f.value()
                + "' twice but each flag may be named once");
      }
      Set<String> listed = new HashSet<>();
      for (String variant : f.variants()) {
        if (!listed.add(variant)) {
          throw new ExtensionConfigurationException(
              "@ForEachVariant(\""
                  + f.value()
                  + "\") on "
                  + Applications.describe(method)
                  + ": variant was '"
                  + variant
                  + "' twice but each variant may be listed once");
        }
      }
      axes.put(f.value(), List.of(f.variants()));
      needsDiscovery |= f.variants().length == 0;
    }
    if (needsDiscovery) {
      discoverVariants(context, axes);
    }
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : combinations) {
        for (String variant : axis.getValue()) {
          Map<String, String> combination = new LinkedHashMap<>(partial);
          combination.put(axis.getKey(), variant);
          next.add(combination);
        }
      }
      combinations = next;
    }
    String name = method.getName();
    return combinations.stream().map(c -> new VariantInvocation(name, c));
  }

  private void discoverVariants(ExtensionContext context, Map<String, List<String>> axes) {
    TestApplication app = Applications.start(context, configurer);
    try {
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
        if (!axis.getValue().isEmpty()) {
          continue;
        }
        Optional<FlagDefinition> def = app.ship().flags().flagSet().definition(axis.getKey());
        if (def.isEmpty()) {
          problems.add(
              "@ForEachVariant(\""
                  + axis.getKey()
                  + "\") on "
                  + Applications.describe(context.getRequiredTestMethod())
                  + ": flag was '"
                  + axis.getKey()
                  + "' but must be a flag the application's sources define: "
                  + app.ship().flags().flagSet().keys());
        } else {
          axis.setValue(List.copyOf(def.get().variants().keySet()));
        }
      }
      if (!problems.isEmpty()) {
        throw new ExtensionConfigurationException(
            String.join("\n", problems) + Overrides.sourcesNotFresh(app.ship().flags()));
      }
    } finally {
      app.close();
    }
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<@Nullable Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    TestApplication app = Stores.application(extensionContext);
    if (app != null) {
      Parameter[] parameters = invocationContext.getExecutable().getParameters();
      List<Object> arguments = invocationContext.getArguments();
      List<Overrides.Declared> declared = new ArrayList<>();
      for (int i = 0; i < parameters.length && i < arguments.size(); i++) {
        VariantOf of = parameters[i].getAnnotation(VariantOf.class);
        if (of == null || app.variantFlagsFromTemplate().contains(of.value())) {
          continue;
        }
        Object argument = arguments.get(i);
        String variant =
            argument instanceof VariantUnderTest v ? v.variant() : String.valueOf(argument);
        declared.add(
            new Overrides.Declared(
                "@VariantOf(\"" + of.value() + "\") argument '" + variant + "'",
                of.value(),
                variant,
                null));
      }
      Overrides.apply(app.ship().flags(), declared);
    }
    invocation.proceed();
  }
}
