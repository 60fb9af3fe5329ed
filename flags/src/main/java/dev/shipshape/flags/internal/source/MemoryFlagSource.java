package dev.shipshape.flags.internal.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.flags.FlagDefinitionException;
import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.InMemoryFlagSource;
import dev.shipshape.flags.internal.FlagSetParser;
import dev.shipshape.flags.internal.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flags set in code; each change is validated, then announced to every subscriber. Documents are
 * read and written with {@link JsonTrees}, so flags set in code cost startup no {@code
 * ObjectMapper} (only {@link #putValue} converts Java values with one).
 */
public final class MemoryFlagSource implements InMemoryFlagSource {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String name = "in-memory-" + IDS.incrementAndGet();
  private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
  private ObjectNode document = emptyDocument();

  private static ObjectNode emptyDocument() {
    ObjectNode doc = NODES.objectNode();
    doc.putObject("flags");
    return doc;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized String read() {
    return JsonTrees.write(document);
  }

  @Override
  public void onChange(Runnable onChange) {
    subscribers.add(onChange);
  }

  @Override
  public void removeOnChange(Runnable onChange) {
    subscribers.removeIf(r -> r == onChange);
  }

  /**
   * How many callbacks are registered, for diagnostics.
   *
   * @return the count
   */
  public int subscriberCount() {
    return subscribers.size();
  }

  private void commit(ObjectNode candidate) {
    FlagSetParser.parse(JsonTrees.write(candidate), name, FlagLimits.defaults());
    synchronized (this) {
      document = candidate;
    }
    for (Runnable r : subscribers) {
      r.run();
    }
  }

  /** The tree of {@code json}, as {@code ObjectMapper.readTree} reads it. */
  private static JsonNode tree(String json) throws JsonProcessingException {
    try (JsonParser p = JsonTrees.parser(json, FlagLimits.defaults().maxDepth())) {
      JsonNode node = JsonTrees.read(p);
      return node == null ? NODES.missingNode() : node;
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String has nothing else to fail on
    }
  }

  private synchronized ObjectNode copy() {
    return document.deepCopy();
  }

  @Override
  public InMemoryFlagSource setDocument(String json) {
    FlagSetParser.parse(json, name, FlagLimits.defaults());
    try {
      commit((ObjectNode) tree(json));
    } catch (JsonProcessingException e) {
      throw new FlagDefinitionException(
          name, List.of(FlagSetParser.invalidJson("/", e.getOriginalMessage())));
    }
    return this;
  }

  @Override
  public InMemoryFlagSource putFlag(String key, String flagJson) {
    JsonNode flag;
    try {
      flag = tree(flagJson);
    } catch (JsonProcessingException e) {
      throw new FlagDefinitionException(
          name, List.of(FlagSetParser.invalidJson("/flags/" + key, e.getOriginalMessage())));
    }
    return put(key, flag);
  }

  @Override
  public InMemoryFlagSource putBoolean(String key, boolean value) {
    ObjectNode variants = NODES.objectNode();
    variants.put("on", true);
    variants.put("off", false);
    return put(key, enabled(variants, value ? "on" : "off"));
  }

  @Override
  public InMemoryFlagSource putValue(String key, Object value) {
    if (value instanceof Boolean) {
      return putBoolean(key, (Boolean) value);
    }
    JsonNode json;
    try {
      json = FlagSetParser.plain().valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "value was '" + value + "' but must be a string, number, boolean, list or map", e);
    }
    String variant =
        json.isTextual() ? "string" : json.isNumber() ? "number" : "object";
    ObjectNode variants = NODES.objectNode();
    variants.set(variant, json);
    return put(key, enabled(variants, variant));
  }

  /** An enabled flag serving {@code defaultVariant} of {@code variants}. */
  private static ObjectNode enabled(ObjectNode variants, String defaultVariant) {
    ObjectNode flag = NODES.objectNode();
    flag.put("state", "ENABLED");
    flag.set("variants", variants);
    flag.put("defaultVariant", defaultVariant);
    return flag;
  }

  /** Adds or replaces one flag in a copy of the document, then validates and commits the copy. */
  private InMemoryFlagSource put(String key, JsonNode flag) {
    ObjectNode doc = copy();
    ((ObjectNode) doc.get("flags")).set(key, flag);
    commit(doc);
    return this;
  }

  @Override
  public InMemoryFlagSource remove(String key) {
    ObjectNode doc = copy();
    if (((ObjectNode) doc.get("flags")).remove(key) != null) {
      commit(doc);
    }
    return this;
  }

  @Override
  public InMemoryFlagSource clear() {
    ObjectNode doc = copy();
    ((ObjectNode) doc.get("flags")).removeAll();
    commit(doc);
    return this;
  }

  /**
   * The current flag definitions, for diagnostics.
   *
   * @return key to flag JSON
   */
  public synchronized Map<String, String> snapshot() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    document.get("flags").properties().forEach(e -> out.put(e.getKey(), e.getValue().toString()));
    return out;
  }

  @Override
  public String toString() {
    return "FlagSource.inMemory(" + name + ")";
  }
}
