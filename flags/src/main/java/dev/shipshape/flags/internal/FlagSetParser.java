package dev.shipshape.flags.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.flags.FlagDefinitionException;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSet;
import dev.shipshape.flags.FlagState;
import dev.shipshape.flags.internal.logic.Compiler;
import dev.shipshape.flags.internal.logic.Evaluators;
import dev.shipshape.flags.internal.logic.Node;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Parses, validates and compiles flagd-format documents. */
public final class FlagSetParser {

  private static final String STATES = "must be ENABLED or DISABLED";

  private static final CompiledFlagSet EMPTY =
      new CompiledFlagSet(new LinkedHashMap<>(), Map.of());

  private FlagSetParser() {}

  /**
   * The set without flags.
   *
   * @return the empty set
   */
  public static FlagSet empty() {
    return EMPTY;
  }

  /** The longest number accepted, in characters (Jackson's default). */
  static final int MAX_NUMBER_LENGTH = 1000;

  /** The longest object key accepted, in characters (Jackson's default). */
  static final int MAX_NAME_LENGTH = 50_000;

  /**
   * An object mapper, for turning Java values into trees (overrides), created on first use:
   * reading and compiling documents needs none (see {@link JsonTrees}).
   *
   * @return the shared mapper
   */
  public static ObjectMapper plain() {
    return Plain.MAPPER;
  }

  private static final class Plain {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * The problem reported for a document larger than the limit.
   *
   * @param limits the limits
   * @return the problem text
   */
  public static ConfigProblem sizeProblem(FlagLimits limits) {
    return ConfigProblem.of(
        "/",
        "more than " + limits.maxDocumentBytes() + " bytes",
        "must be at most " + limits.maxDocumentBytes() + " bytes (maxDocumentBytes)");
  }

  /**
   * Parses and compiles a document.
   *
   * @param json the document
   * @param origin names the document in errors
   * @param limits the limits
   * @return the compiled set
   * @throws FlagDefinitionException listing every problem
   */
  public static CompiledFlagSet parse(String json, String origin, FlagLimits limits) {
    Problems problems = new Problems();
    long bytes = utf8Length(json, limits.maxDocumentBytes());
    if (bytes > limits.maxDocumentBytes()) {
      throw new FlagDefinitionException(origin, List.of(sizeProblem(limits)));
    }
    JsonNode root;
    try (JsonParser p = JsonTrees.parser(json, limits.maxDepth())) {
      try {
        root = JsonTrees.read(p);
        if (root != null && p.nextToken() != null) {
          throw new FlagDefinitionException(
              origin,
              List.of(
                  ConfigProblem.of(
                      at(p.currentLocation()),
                      "content after the document",
                      "must be one JSON document")));
        }
      } catch (StreamConstraintsException e) {
        // where the offending token starts: stable, unlike the point where the parser stopped
        JsonLocation where = p.currentTokenLocation();
        throw new FlagDefinitionException(origin, List.of(constraintProblem(e, where, limits)));
      }
    } catch (JsonProcessingException e) {
      throw new FlagDefinitionException(
          origin, List.of(invalidJson(at(e.getLocation()), e.getOriginalMessage())));
    } catch (IOException e) {
      throw new FlagDefinitionException(
          origin,
          List.of(ConfigProblem.of("/", "unreadable", "must be readable: " + e.getMessage())));
    }
    if (root == null || !root.isObject()) {
      throw new FlagDefinitionException(
          origin, List.of(ConfigProblem.of("/", abbreviate(root), "must be a JSON object")));
    }
    numbers(root, "", problems);
    Map<String, JsonNode> rules = new LinkedHashMap<>();
    JsonNode ev = root.get("$evaluators");
    if (ev != null && !ev.isNull()) {
      if (!ev.isObject()) {
        problems.add("/$evaluators", abbreviate(ev), "must be an object");
      } else {
        ev.properties().forEach(e -> rules.put(e.getKey(), e.getValue()));
      }
    }
    Evaluators evaluators =
        new Evaluators(rules, limits.maxDepth(), limits.maxRuleBytes(), problems);
    Map<String, Object> setMetadata = metadata(root.get("metadata"), "/metadata", problems);
    JsonNode flags = root.get("flags");
    LinkedHashMap<String, CompiledFlag> out = new LinkedHashMap<>();
    if (flags == null) {
      problems.add("/flags", null, "must be an object of flag definitions");
    } else if (!flags.isObject()) {
      problems.add("/flags", abbreviate(flags), "must be an object");
    } else if (flags.size() > limits.maxFlags()) {
      problems.add(
          "/flags",
          flags.size() + " flags",
          "must hold at most " + limits.maxFlags() + " flags (maxFlags)");
    } else {
      Iterator<Map.Entry<String, JsonNode>> it = flags.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        CompiledFlag f =
            compileFlag(e.getKey(), e.getValue(), evaluators, setMetadata, limits, problems);
        if (f != null) {
          out.put(e.getKey(), f);
        }
      }
    }
    problems.throwIfAny(all -> new FlagDefinitionException(origin, all));
    return new CompiledFlagSet(out, setMetadata);
  }

  /**
   * Compiles one flag definition outside a document (overrides, in-memory flags).
   *
   * @param key the flag key
   * @param definition the flag JSON, with no {@code $ref}
   * @param setMetadata the metadata of the set it belongs to
   * @param origin names the definition in errors
   * @return the compiled flag
   * @throws FlagDefinitionException listing every problem
   */
  public static CompiledFlag compileSingle(
      String key, JsonNode definition, Map<String, Object> setMetadata, String origin) {
    Problems problems = new Problems();
    FlagLimits limits = FlagLimits.defaults();
    numbers(definition, "/flags/" + Compiler.escape(key), problems);
    CompiledFlag f =
        compileFlag(
            key,
            definition,
            new Evaluators(Map.of(), limits.maxDepth(), limits.maxRuleBytes(), problems),
            setMetadata,
            limits,
            problems);
    if (!problems.isEmpty() || f == null) {
      throw new FlagDefinitionException(origin, problems.toList());
    }
    return f;
  }

  private static @Nullable CompiledFlag compileFlag(
      String key,
      JsonNode def,
      Evaluators evaluators,
      Map<String, Object> setMetadata,
      FlagLimits limits,
      Problems problems) {
    String ptr = "/flags/" + Compiler.escape(key);
    int before = problems.size();
    if (!def.isObject()) {
      problems.add(ptr, abbreviate(def), "must be an object");
      return null;
    }
    FlagState state = FlagState.ENABLED;
    JsonNode st = def.get("state");
    if (st == null) {
      problems.add(ptr + "/state", null, STATES);
    } else if (!st.isTextual()
        || !(st.asText().equals("ENABLED") || st.asText().equals("DISABLED"))) {
      problems.add(ptr + "/state", st.asText(st.toString()), STATES);
    } else {
      state = FlagState.valueOf(st.asText());
    }
    LinkedHashMap<String, Object> variants = new LinkedHashMap<>();
    Kind kind = null;
    JsonNode vs = def.get("variants");
    if (vs == null) {
      problems.add(ptr + "/variants", null, "must be an object of variant values");
    } else if (!vs.isObject() || vs.isEmpty()) {
      problems.add(ptr + "/variants", abbreviate(vs), "must be a non-empty object");
    } else if (vs.size() > 65_000) {
      problems.add(ptr + "/variants", vs.size() + " variants", "must hold at most 65000 variants");
    } else {
      String firstName = null;
      Iterator<Map.Entry<String, JsonNode>> it = vs.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String vp = ptr + "/variants/" + Compiler.escape(e.getKey());
        Object v = Compiler.JsonValues.toJava(e.getValue());
        if (v == null) {
          problems.add(vp, "null", "must be a boolean, string, number or object");
          continue;
        }
        Kind k = Kind.of(v);
        if (kind == null) {
          kind = k;
          firstName = e.getKey();
        } else if (k != kind) {
          problems.add(
              vp,
              abbreviate(e.getValue()),
              "must be " + kind.withArticle + " like variant '" + firstName + "', not "
                  + k.withArticle + " (all variants of a flag must have one type)");
          continue;
        }
        variants.put(e.getKey(), v);
      }
    }
    String defaultVariant = null;
    JsonNode dv = def.get("defaultVariant");
    if (dv != null && !dv.isNull()) {
      if (!dv.isTextual()) {
        problems.add(ptr + "/defaultVariant", dv, "must be a variant name");
      } else if (!variants.containsKey(dv.asText())) {
        if (vs == null || !vs.isObject() || !vs.has(dv.asText())) {
          problems.add(
              ptr + "/defaultVariant",
              dv.asText(),
              "must be a variant (" + String.join(", ", variants.keySet()) + ")");
        }
      } else {
        defaultVariant = dv.asText();
      }
    }
    Map<String, Object> metadata = metadata(def.get("metadata"), ptr + "/metadata", problems);
    // the definition as loaded: shares the parsed nodes (never changed; overrides copy first)
    ObjectNode stored = ((ObjectNode) def).objectNode();
    stored.setAll((ObjectNode) def);
    Node targeting = null;
    List<String> refs = new ArrayList<>();
    JsonNode t = def.get("targeting");
    if (t != null && !t.isNull() && !(t.isObject() && t.isEmpty())) {
      if (!t.isObject()) {
        problems.add(ptr + "/targeting", abbreviate(t), "must be a rule object");
      } else {
        JsonNode inlined = evaluators.inlineRule(t, ptr + "/targeting", refs);
        if (inlined != null && problems.size() == before) {
          Compiler c =
              new Compiler(
                  key, limits.maxDepth(), limits.maxEvaluationSteps(), problems, evaluators);
          targeting = c.compile(inlined, ptr + "/targeting");
          stored.set("targeting", inlined);
        }
      }
    } else {
      stored.remove("targeting");
    }
    if (problems.size() != before || kind == null) {
      return null;
    }
    return new CompiledFlag(
        key, state, kind, variants, defaultVariant, targeting, stored, metadata, setMetadata,
        def, evaluators, List.copyOf(new java.util.LinkedHashSet<>(refs)));
  }

  /**
   * Reports numbers that cannot be represented as written: integers beyond a long and numbers
   * beyond a double (such as {@code 1e400}, which would otherwise load as infinity).
   */
  private static void numbers(JsonNode n, String ptr, Problems problems) {
    if (n.isContainerNode()) {
      if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          numbers(n.get(i), ptr + "/" + i, problems);
        }
      } else {
        n.properties()
            .forEach(e -> numbers(e.getValue(), ptr + "/" + Compiler.escape(e.getKey()), problems));
      }
      return;
    }
    if (!n.isNumber()) {
      return;
    }
    String at = ptr.isEmpty() ? "/" : ptr;
    if (n.isIntegralNumber() && !n.canConvertToLong()) {
      problems.add(
          at,
          abbreviate(n),
          "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
    } else if (!Double.isFinite(n.doubleValue())) {
      problems.add(
          at,
          "a number beyond the range of a double",
          "must be at most " + Double.MAX_VALUE + " in magnitude");
    }
  }

  /** Names the parser limit a document exceeded. */
  private static ConfigProblem constraintProblem(
      StreamConstraintsException e, @Nullable JsonLocation location, FlagLimits limits) {
    String where = at(location);
    String m = String.valueOf(e.getMessage());
    if (m.contains("getMaxNumberLength")) {
      return ConfigProblem.of(
          where,
          "a number longer than " + MAX_NUMBER_LENGTH + " characters",
          "must be at most " + MAX_NUMBER_LENGTH + " characters long");
    }
    if (m.contains("getMaxNameLength")) {
      return ConfigProblem.of(
          where,
          "a key longer than " + MAX_NAME_LENGTH + " characters",
          "must be at most " + MAX_NAME_LENGTH + " characters long");
    }
    if (m.contains("getMaxNestingDepth")) {
      return ConfigProblem.of(
          where,
          "nested deeper than " + limits.maxDepth() + " levels",
          "must be at most " + limits.maxDepth() + " levels deep (maxDepth)");
    }
    return ConfigProblem.of(
        where, "over a parser limit (" + e.getOriginalMessage() + ")", "must be within the limits");
  }

  private static Map<String, Object> metadata(
      @Nullable JsonNode m, String ptr, Problems problems) {
    if (m == null || m.isNull()) {
      return Map.of();
    }
    if (!m.isObject()) {
      problems.add(ptr, abbreviate(m), "must be an object");
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = m.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
        problems.add(
            ptr + "/" + Compiler.escape(e.getKey()),
            abbreviate(v),
            "must be a string, number or boolean");
        continue;
      }
      out.put(e.getKey(), Compiler.JsonValues.toJava(v));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The problem of a text that is not JSON.
   *
   * @param at where the parser stopped
   * @param parserMessage what the parser expected there
   * @return the problem
   */
  public static ConfigProblem invalidJson(String at, String parserMessage) {
    return ConfigProblem.of(at, "invalid JSON", "must be JSON: " + parserMessage);
  }

  private static String at(@Nullable JsonLocation loc) {
    if (loc == null) {
      return "/";
    }
    return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  static String abbreviate(@Nullable JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  private static long utf8Length(String s, long cap) {
    if ((long) s.length() > cap) {
      return s.length();
    }
    if ((long) s.length() * 3 <= cap) {
      return s.length();
    }
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
