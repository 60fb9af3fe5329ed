package dev.shipshape.testing.internal;

import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.FlagDefinitionException;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.testing.FlagValue;
import dev.shipshape.testing.FlagVariant;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Finds the declared flag overrides of a test and applies them, reporting every problem. */
public final class Overrides {

  private Overrides() {}

  /**
   * One override: a variant or a value of a flag, with where it was declared.
   *
   * @param origin the annotation and where it sits, for messages
   * @param flag the flag key
   * @param variant the variant to serve, or null for a value
   * @param value the value text, or null for a variant
   * @param problem why the declaration cannot be applied, or null if it is to be applied
   */
  public record Declared(
      String origin,
      String flag,
      @Nullable String variant,
      @Nullable String value,
      @Nullable String problem) {

    /** An override to apply. */
    public Declared(String origin, String flag, @Nullable String variant, @Nullable String value) {
      this(origin, flag, variant, value, null);
    }
  }

  /**
   * The overrides declared on the test's classes (outermost first) and then on its method. When
   * one class or method declares more than one {@link FlagVariant} or {@link FlagValue} for the
   * same flag, which should win is ambiguous, so a {@link Declared#problem() problem} is added
   * that fails the test in {@link #apply} instead of it running with either.
   */
  public static List<Declared> declared(ExtensionContext context) {
    List<Declared> out = new ArrayList<>();
    for (ExtensionContext c : Applications.classContexts(context)) {
      Class<?> type = c.getRequiredTestClass();
      collect(type, type.getSimpleName(), out);
      checkOncePerFlag(type, type.getSimpleName(), out);
    }
    Optional<Method> method = context.getTestMethod();
    if (method.isPresent()) {
      String where = Applications.describe(method.get());
      collect(method.get(), where, out);
      checkOncePerFlag(method.get(), where, out);
    }
    return out;
  }

  /**
   * Reports each flag that the annotations declared directly on {@code element} override more
   * than once. Overrides a subclass, nested class or method declares over ones from elsewhere are
   * not counted: those replace the outer ones, as documented.
   */
  private static void checkOncePerFlag(
      AnnotatedElement element, String where, List<Declared> out) {
    Map<String, List<String>> byFlag = new LinkedHashMap<>();
    for (FlagVariant v : element.getDeclaredAnnotationsByType(FlagVariant.class)) {
      byFlag
          .computeIfAbsent(v.flag(), k -> new ArrayList<>())
          .add("variant \"" + v.variant() + "\"");
    }
    for (FlagValue v : element.getDeclaredAnnotationsByType(FlagValue.class)) {
      byFlag.computeIfAbsent(v.flag(), k -> new ArrayList<>()).add("value \"" + v.value() + "\"");
    }
    byFlag.forEach(
        (flag, overrides) -> {
          if (overrides.size() > 1) {
            out.add(
                new Declared(
                    "@FlagVariant/@FlagValue on " + where,
                    flag,
                    null,
                    null,
                    "flag '"
                        + flag
                        + "' was overridden "
                        + overrides.size()
                        + " times ("
                        + String.join(", ", overrides)
                        + ") but may be overridden once per class or method"));
          }
        });
  }

  private static void collect(AnnotatedElement element, String where, List<Declared> out) {
    for (FlagVariant v : AnnotationSupport.findRepeatableAnnotations(element, FlagVariant.class)) {
      out.add(
          new Declared(
              "@FlagVariant(flag = \""
                  + v.flag()
                  + "\", variant = \""
                  + v.variant()
                  + "\") on "
                  + where,
              v.flag(),
              v.variant(),
              null));
    }
    for (FlagValue v : AnnotationSupport.findRepeatableAnnotations(element, FlagValue.class)) {
      out.add(
          new Declared(
              "@FlagValue(flag = \"" + v.flag() + "\", value = \"" + v.value() + "\") on " + where,
              v.flag(),
              null,
              v.value()));
    }
  }

  /**
   * Applies the overrides in order (a later override of a flag replaces an earlier one).
   *
   * @throws ExtensionConfigurationException listing every override that could not be applied
   */
  public static void apply(Flags flags, List<Declared> declared) {
    List<String> problems = new ArrayList<>();
    for (Declared o : declared) {
      String problem = applyOne(flags, o);
      if (problem != null) {
        problems.add(o.origin() + ": " + problem);
      }
    }
    if (!problems.isEmpty()) {
      StringBuilder message =
          new StringBuilder(
              problems.size() == 1
                  ? "A flag override could not be applied"
                  : problems.size() + " flag overrides could not be applied");
      for (String p : problems) {
        message.append("\n  - ").append(p);
      }
      throw new ExtensionConfigurationException(message + sourcesNotFresh(flags));
    }
  }

  /**
   * A line for each flag source that did not load or is stale, to explain a flag that is missing;
   * empty when every source is fresh.
   */
  public static String sourcesNotFresh(Flags flags) {
    StringBuilder lines = new StringBuilder();
    for (SourceState s : flags.sourceStates()) {
      if (s.status() != SourceStatus.FRESH) {
        lines
            .append("\n  (flag source '")
            .append(s.sourceName())
            .append("' is ")
            .append(s.status())
            .append(": ")
            .append(s.lastError())
            .append(')');
      }
    }
    return lines.toString();
  }

  private static @Nullable String applyOne(Flags flags, Declared o) {
    if (o.problem() != null) {
      return o.problem();
    }
    FlagSet set = flags.flagSet();
    Optional<FlagDefinition> definition = set.definition(o.flag());
    if (definition.isEmpty()) {
      return "flag was '"
          + o.flag()
          + "' but must be a flag the application's sources define: "
          + set.keys();
    }
    FlagDefinition def = definition.get();
    try {
      if (o.variant() != null) {
        if (!def.variants().containsKey(o.variant())) {
          return "variant was '"
              + o.variant()
              + "' but flag '"
              + o.flag()
              + "' defines "
              + def.variants().keySet();
        }
        flags.overrides().setVariant(o.flag(), o.variant());
      } else {
        String text = o.value() == null ? "" : o.value();
        Object value;
        try {
          value = parseValue(def, text);
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
        flags.overrides().setValue(o.flag(), value);
      }
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Reads value text according to the type of the flag's variants. */
  static Object parseValue(FlagDefinition def, String text) {
    Object sample = def.variants().values().stream().findFirst().orElse(text);
    if (sample instanceof Boolean) {
      if (text.equals("true") || text.equals("false")) {
        return Boolean.valueOf(text);
      }
      throw new IllegalArgumentException(
          "value was '" + text + "' but flag '" + def.key() + "' is a boolean flag: write true or false");
    }
    if (sample instanceof Number) {
      try {
        return Long.valueOf(text.trim());
      } catch (NumberFormatException notLong) {
        try {
          // BigDecimal, not Double.parseDouble: that also takes Java literals such as 7f, 7d and
          // 0x1p3, which are not decimal numbers and would pass a typo as a value.
          double d = new BigDecimal(text.trim()).doubleValue();
          if (Double.isFinite(d)) {
            return d;
          }
        } catch (NumberFormatException notDouble) {
          // reported below
        }
      }
      throw new IllegalArgumentException(
          "value was '" + text + "' but flag '" + def.key() + "' is a number flag: write a decimal number");
    }
    if (sample instanceof Map || sample instanceof List) {
      String doc =
          "{\"flags\":{\"v\":{\"state\":\"ENABLED\",\"variants\":{\"v\":"
              + text
              + "},\"defaultVariant\":\"v\"}}}";
      try {
        Object parsed =
            FlagSet.parse(doc, "@FlagValue").definition("v").map(d -> d.variants().get("v")).orElse(null);
        if (parsed instanceof Map || parsed instanceof List) {
          return parsed;
        }
      } catch (FlagDefinitionException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "value was '" + text + "' but flag '" + def.key() + "' is an object flag: write a JSON object or array");
    }
    return text;
  }
}
