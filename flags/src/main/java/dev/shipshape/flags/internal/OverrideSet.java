package dev.shipshape.flags.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.flags.FlagOverrides;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.flags.FractionalSplit;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overrides applied on top of every source. Each override is a rewrite of the flag's
 * definition, validated when it is set and applied again at every reload; one that no longer
 * applies is dropped for good. Guarded by the engine's lock, which it shares.
 */
final class OverrideSet implements FlagOverrides {
  private static final Logger log = LoggerFactory.getLogger(OverrideSet.class);

  /** Rewrites a flag's definition. */
  @FunctionalInterface
  private interface Rewrite {
    CompiledFlag apply(CompiledFlag base);
  }

  private final Object lock;
  private final Runnable rebuild;
  private final Map<String, Rewrite> rewrites = new LinkedHashMap<>();
  /** The sources' merged flags as of the last reload (guarded by the lock). */
  private Map<String, CompiledFlag> base = Map.of();

  /**
   * @param lock the engine's lock, held while overrides change and while reloads apply them
   * @param rebuild swaps the snapshot after an override changed (called with the lock held)
   */
  OverrideSet(Object lock, Runnable rebuild) {
    this.lock = lock;
    this.rebuild = rebuild;
  }

  /**
   * The effective flags: {@code merged} with every override applied. An override that no longer
   * applies (its flag, split, variant or type is gone) is dropped for good: {@link #keys()} stops
   * listing it, and a later reload that restores what it needed does not bring a stale override
   * back. Caller holds the lock.
   */
  LinkedHashMap<String, CompiledFlag> applyTo(Map<String, CompiledFlag> merged) {
    base = merged;
    LinkedHashMap<String, CompiledFlag> effective = new LinkedHashMap<>(merged);
    for (Iterator<Map.Entry<String, Rewrite>> it = rewrites.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Rewrite> o = it.next();
      CompiledFlag f = merged.get(o.getKey());
      try {
        if (f == null) {
          throw new IllegalArgumentException(
              "no source defines flag '" + o.getKey() + "' any more");
        }
        effective.put(o.getKey(), o.getValue().apply(f));
      } catch (RuntimeException e) {
        it.remove();
        log.atWarn()
            .setMessage(
                "override of flag '{}' no longer applies and is dropped; serving the source"
                    + " definition: {}")
            .addArgument(o.getKey())
            .addArgument(e.getMessage())
            .addKeyValue("flag", o.getKey())
            .addKeyValue("error", e.getMessage())
            .log();
      }
    }
    return effective;
  }

  @Override
  public void setVariant(String key, String variant) {
    synchronized (lock) {
      CompiledFlag b = requireBase(key);
      if (b.indexOf(variant) == null) {
        throw refused(
            key,
            ConfigProblem.of(
                "variant", variant, "flag '" + key + "' has only " + b.variants().keySet()));
      }
      put(key, f -> recompile(f, staticDefinition(f, variant)));
    }
  }

  @Override
  public void setValue(String key, Object value) {
    Object normalized;
    try {
      normalized = JsonConversion.normalize(value);
    } catch (JsonConversion.TooDeep e) {
      throw refused(key, ConfigProblem.of("value", value.getClass().getName(), e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw refused(key, ConfigProblem.of("value", value, e.getMessage()));
    }
    JsonNode json = FlagSetParser.plain().valueToTree(normalized);
    Object javaValue = dev.shipshape.flags.internal.logic.Compiler.JsonValues.toJava(json);
    synchronized (lock) {
      CompiledFlag b = requireBase(key);
      if (javaValue == null || Kind.of(javaValue) != b.kind) {
        throw refused(
            key,
            ConfigProblem.of(
                "value", value, "flag '" + key + "' is " + b.kind.withArticle + " flag"));
      }
      put(key, f -> recompile(f, valueDefinition(f, javaValue, json)));
    }
  }

  @Override
  public void setFractionalWeights(String key, Map<String, Integer> weightsByVariant) {
    Map<String, Integer> weights = Map.copyOf(weightsByVariant);
    synchronized (lock) {
      CompiledFlag b = requireBase(key);
      FractionalSplit split = b.fractionalSplit().orElse(null);
      if (split == null) {
        throw refused(
            key,
            ConfigProblem.of(
                "flag",
                key,
                "its targeting is not a top-level fractional split with literal variants and"
                    + " weights"));
      }
      List<String> names = split.buckets().stream().map(FractionalSplit.Bucket::variant).toList();
      Problems problems = new Problems();
      weights.forEach(
          (v, w) -> {
            if (!names.contains(v)) {
              problems.add("variant", v, "the split of '" + key + "' has " + names);
            }
            if (w < 0) {
              problems.add("weights." + v, w, "must be >= 0");
            }
          });
      long total = weights.values().stream().mapToLong(w -> Math.max(0, w)).sum();
      if (total > Integer.MAX_VALUE) {
        problems.add("weights", total, "must add up to at most " + Integer.MAX_VALUE);
      }
      problems.throwIfAny(p -> new FlagsConfigException(subject(key), p));
      put(key, f -> recompile(f, weightedDefinition(f, weights)));
    }
  }

  @Override
  public void clear(String key) {
    synchronized (lock) {
      if (rewrites.remove(key) != null) {
        rebuild.run();
      }
    }
  }

  @Override
  public void clearAll() {
    synchronized (lock) {
      if (!rewrites.isEmpty()) {
        rewrites.clear();
        rebuild.run();
      }
    }
  }

  @Override
  public Set<String> keys() {
    synchronized (lock) {
      return Set.copyOf(rewrites.keySet());
    }
  }

  /** Validates the rewrite against the current definition now, so a bad one fails at the call. */
  private void put(String key, Rewrite rewrite) {
    rewrite.apply(requireBase(key));
    rewrites.put(key, rewrite);
    rebuild.run();
  }

  private CompiledFlag requireBase(String key) {
    CompiledFlag b = base.get(key);
    if (b == null) {
      throw refused(
          key,
          ConfigProblem.of(
              "flag", key, "no source defines it (defined: " + new TreeSet<>(base.keySet()) + ")"));
    }
    return b;
  }

  private static FlagsConfigException refused(String key, ConfigProblem problem) {
    return new FlagsConfigException(subject(key), List.of(problem));
  }

  private static String subject(String key) {
    return "override of flag '" + key + "'";
  }

  // ------------------------------------------------------------------ definition rewrites

  private static CompiledFlag recompile(CompiledFlag base, ObjectNode def) {
    return FlagSetParser.compileSingle(base.key, def, base.setMetadata, "override of " + base.key);
  }

  /** A copy of the definition without its targeting (never copying the inlined rule). */
  private static ObjectNode withoutTargeting(CompiledFlag base) {
    ObjectNode def = JsonNodeFactory.instance.objectNode();
    base.definition
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("targeting")) {
                def.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return def;
  }

  private static ObjectNode staticDefinition(CompiledFlag base, String variant) {
    ObjectNode def = withoutTargeting(base);
    def.put("state", "ENABLED");
    def.put("defaultVariant", variant);
    return def;
  }

  /** Serves {@code value}: the variant that has it, or a new variant named "override". */
  private static ObjectNode valueDefinition(CompiledFlag base, Object value, JsonNode json) {
    String name = base.variantWithValue(value);
    ObjectNode def = withoutTargeting(base);
    if (name == null) {
      name = "override";
      while (base.indexOf(name) != null) {
        name = name + "_";
      }
      ((ObjectNode) def.get("variants")).set(name, json);
    }
    def.put("state", "ENABLED");
    def.put("defaultVariant", name);
    return def;
  }

  private static ObjectNode weightedDefinition(CompiledFlag base, Map<String, Integer> weights) {
    ObjectNode def = base.definition.deepCopy();
    JsonNode t = def.get("targeting");
    JsonNode frac = t == null ? null : t.get("fractional");
    if (!(frac instanceof ArrayNode)) {
      throw new IllegalArgumentException(
          "flag '" + base.key + "' no longer has a fractional split");
    }
    ArrayNode arr = (ArrayNode) frac;
    for (int i = 0; i < arr.size(); i++) {
      JsonNode bucket = arr.get(i);
      if (bucket.isArray() && bucket.size() >= 1 && bucket.get(0).isTextual()) {
        ArrayNode nb = JsonNodeFactory.instance.arrayNode();
        String v = bucket.get(0).asText();
        nb.add(v);
        nb.add(weights.getOrDefault(v, 0));
        arr.set(i, nb);
      }
    }
    // the flag's state stays the source's: a flag disabled in its file stays disabled
    return def;
  }
}
