package dev.shipshape.testing.internal;

import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.testing.VariantOf;
import dev.shipshape.testing.VariantUnderTest;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/** One invocation of a {@code @ForEachVariant} template: its name, overrides and parameters. */
public final class VariantInvocation
    implements TestTemplateInvocationContext, BeforeEachCallback, ParameterResolver {

  private final String methodName;
  private final Map<String, String> variantByFlag;

  /**
   * An invocation.
   *
   * @param methodName the name the invocation's display name starts with
   * @param variantByFlag the variant of each flag, in annotation order
   */
  public VariantInvocation(String methodName, Map<String, String> variantByFlag) {
    this.methodName = methodName;
    this.variantByFlag = new LinkedHashMap<>(variantByFlag);
  }

  @Override
  public String getDisplayName(int invocationIndex) {
    StringJoiner j = new StringJoiner(", ", methodName + "[", "]");
    variantByFlag.forEach((flag, variant) -> j.add(flag + "=" + variant));
    return j.toString();
  }

  @Override
  public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
    return List.of(this);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestApplication app = Stores.application(context);
    if (app == null) {
      throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(
          "@ForEachVariant needs the Shipshape extension: annotate the class with @ShipshapeTest");
    }
    List<Overrides.Declared> declared = new ArrayList<>();
    variantByFlag.forEach(
        (flag, variant) ->
            declared.add(
                new Overrides.Declared(
                    "@ForEachVariant(\""
                        + flag
                        + "\") on "
                        + Applications.describe(context.getRequiredTestMethod()),
                    flag,
                    variant,
                    null)));
    Overrides.apply(app.ship().flags(), declared);
    app.variantFlagsFromTemplate().addAll(variantByFlag.keySet());
  }

  /**
   * Claims every {@link VariantOf} and {@link VariantUnderTest} parameter of the invocation, so
   * that one it cannot fill fails saying why instead of finding no resolver.
   */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(VariantOf.class)
        || parameter.getParameter().getType() == VariantUnderTest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    Optional<VariantOf> of = parameter.findAnnotation(VariantOf.class);
    String where =
        (of.isPresent() ? "@VariantOf(\"" + of.get().value() + "\")" : "VariantUnderTest")
            + " parameter '"
            + parameter.getParameter().getName()
            + "' of "
            + describe(parameter.getDeclaringExecutable())
            + ": ";
    if (of.isPresent() && type != String.class && type != VariantUnderTest.class) {
      throw new ParameterResolutionException(
          where
              + "type was '"
              + type.getSimpleName()
              + "' but must be String (the variant's name) or VariantUnderTest");
    }
    if (of.isPresent() && !variantByFlag.containsKey(of.get().value())) {
      throw new ParameterResolutionException(
          where
              + "flag was '"
              + of.get().value()
              + "' but must be a flag of the method's @ForEachVariant: "
              + variantByFlag.keySet());
    }
    if (of.isEmpty() && variantByFlag.size() > 1) {
      throw new ParameterResolutionException(
          where
              + "flag was not named but must be, with @VariantOf, when the method's"
              + " @ForEachVariant names several: "
              + variantByFlag.keySet());
    }
    String flag =
        of.map(VariantOf::value).orElseGet(() -> variantByFlag.keySet().iterator().next());
    String variant = variantByFlag.get(flag);
    if (type == String.class) {
      return variant;
    }
    TestApplication app = Stores.application(context);
    Object value =
        app == null
            ? null
            : app.ship()
                .flags()
                .flagSet()
                .definition(flag)
                .map(FlagDefinition::variants)
                .map(v -> v.get(variant))
                .orElse(null);
    if (value == null) {
      throw new ParameterResolutionException(
          "variant '" + variant + "' of flag '" + flag + "' has no value in the application");
    }
    return new VariantUnderTest(flag, variant, value);
  }

  private static String describe(Executable executable) {
    return executable instanceof Method m
        ? Applications.describe(m)
        : executable.getDeclaringClass().getSimpleName() + " constructor";
  }
}
