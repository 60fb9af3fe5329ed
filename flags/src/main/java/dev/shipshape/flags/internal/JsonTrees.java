package dev.shipshape.flags.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON documents into Jackson trees and writes trees back out with jackson-core's streaming
 * parser and generator alone. The result is the tree {@code ObjectMapper.readTree} builds and the
 * text {@code JsonNode.toString()} writes, without an {@code ObjectMapper}: creating one loads
 * several hundred classes (deserializer and serializer factories, type introspection, date
 * formats), a large part of an application's startup when all it reads is a flag file.
 */
public final class JsonTrees {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<Integer, JsonFactory> READERS = new ConcurrentHashMap<>();
  private static final JsonFactory WRITER = new JsonFactory();

  private JsonTrees() {}

  /**
   * A parser over {@code json} that refuses nesting deeper than {@code maxDepth}, numbers and keys
   * longer than Jackson's default limits, and duplicate keys.
   *
   * @param json the document
   * @param maxDepth the deepest nesting allowed
   * @return the parser, before its first token
   * @throws IOException if the parser cannot be created
   */
  public static JsonParser parser(String json, int maxDepth) throws IOException {
    return READERS
        .computeIfAbsent(
            maxDepth,
            d ->
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder()
                            .maxNestingDepth(d)
                            .maxNumberLength(FlagSetParser.MAX_NUMBER_LENGTH)
                            .maxNameLength(FlagSetParser.MAX_NAME_LENGTH)
                            // strings are bounded by the document size, checked before parsing
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
        .createParser(json);
  }

  /**
   * Reads the next value as a tree, as {@code ObjectMapper.readTree(JsonParser)} does: integers as
   * int, long or big-integer nodes by size, decimals as double nodes. Iterative, so the parser's
   * nesting limit is the only limit on depth. The parser is left on the value's last token.
   *
   * @param p the parser
   * @return the tree, or null when the input has no value
   * @throws IOException if the JSON is invalid or breaks a limit
   */
  public static @Nullable JsonNode read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken() != null ? p.currentToken() : p.nextToken();
    if (t == null) {
      return null;
    }
    List<JsonNode> containers = new ArrayList<>();
    List<@Nullable String> names = new ArrayList<>();
    while (true) {
      JsonNode value;
      switch (t) {
        case START_OBJECT:
          value = NODES.objectNode();
          break;
        case START_ARRAY:
          value = NODES.arrayNode();
          break;
        case END_OBJECT:
        case END_ARRAY:
          {
            int top = containers.size() - 1;
            JsonNode done = containers.remove(top);
            names.remove(top);
            if (containers.isEmpty()) {
              return done;
            }
            t = p.nextToken();
            continue;
          }
        case FIELD_NAME:
          names.set(names.size() - 1, p.currentName());
          t = p.nextToken();
          continue;
        case VALUE_STRING:
          value = NODES.textNode(p.getText());
          break;
        case VALUE_TRUE:
          value = NODES.booleanNode(true);
          break;
        case VALUE_FALSE:
          value = NODES.booleanNode(false);
          break;
        case VALUE_NULL:
          value = NODES.nullNode();
          break;
        case VALUE_NUMBER_INT:
          checkNumberLength(p);
          switch (p.getNumberType()) {
            case INT:
              value = NODES.numberNode(p.getIntValue());
              break;
            case LONG:
              value = NODES.numberNode(p.getLongValue());
              break;
            default:
              value = NODES.numberNode(p.getBigIntegerValue());
              break;
          }
          break;
        case VALUE_NUMBER_FLOAT:
          checkNumberLength(p);
          value = NODES.numberNode(p.getDoubleValue());
          break;
        default:
          throw new IOException("unexpected JSON token " + t);
      }
      if (containers.isEmpty()) {
        if (!value.isContainerNode()) {
          return value;
        }
      } else {
        JsonNode parent = containers.get(containers.size() - 1);
        if (parent instanceof ObjectNode o) {
          o.set(names.get(names.size() - 1), value);
        } else {
          ((ArrayNode) parent).add(value);
        }
      }
      if (value.isContainerNode()) {
        containers.add(value);
        names.add(null);
      }
      t = p.nextToken();
      if (t == null) {
        throw new IOException("unexpected end of JSON input");
      }
    }
  }

  /**
   * Refuses a number of more than {@link FlagSetParser#MAX_NUMBER_LENGTH} characters. Jackson's
   * own limit counts digits only (not a sign, decimal point, exponent mark or a decimal's leading
   * zero), so {@code -0.} and 1,000 digits, 1,003 characters, would pass it. The exception names
   * the limit as Jackson's does, so it is reported as the same problem.
   *
   * @param p the parser, on a number
   * @throws StreamConstraintsException if the number is longer
   */
  private static void checkNumberLength(JsonParser p) throws IOException {
    int length = p.getTextLength();
    if (length > FlagSetParser.MAX_NUMBER_LENGTH) {
      throw new StreamConstraintsException(
          "Number value length (" + length + ") exceeds the maximum allowed ("
              + FlagSetParser.MAX_NUMBER_LENGTH
              + ", from `StreamReadConstraints.getMaxNumberLength()`)",
          p.currentTokenLocation());
    }
  }

  /**
   * The compact JSON text of a tree, the same text {@code JsonNode.toString()} gives.
   *
   * @param node the tree
   * @return its JSON
   */
  public static String write(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = WRITER.createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT:
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
        break;
      case ARRAY:
        g.writeStartArray();
        for (JsonNode item : n) {
          write(g, item);
        }
        g.writeEndArray();
        break;
      case STRING:
        g.writeString(n.textValue());
        break;
      case BOOLEAN:
        g.writeBoolean(n.booleanValue());
        break;
      case NULL:
        g.writeNull();
        break;
      case NUMBER:
        switch (n.numberType()) {
          case INT:
            g.writeNumber(n.intValue());
            break;
          case LONG:
            g.writeNumber(n.longValue());
            break;
          case BIG_INTEGER:
            g.writeNumber(n.bigIntegerValue());
            break;
          case FLOAT:
            g.writeNumber(n.floatValue());
            break;
          case BIG_DECIMAL:
            g.writeNumber(n.decimalValue());
            break;
          default:
            g.writeNumber(n.doubleValue());
            break;
        }
        break;
      default:
        // Binary, POJO and missing nodes never come from a parsed document.
        g.writeRawValue(n.toString());
        break;
    }
  }
}
