package dev.shipshape.slo.internal;

import dev.shipshape.slo.SloDefinitionException;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The text of OpenSLO documents: files read as UTF-8 within the size limit, and YAML parsed into
 * plain documents within the size, depth and alias limits, in time linear in the text.
 */
public final class OpenSloText {

  /** The most characters a text of OpenSLO documents may have, comments included. */
  static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

  /** The deepest nesting of mappings and lists a document may have. */
  static final int MAX_DEPTH = 64;

  private OpenSloText() {}

  /**
   * Parses every YAML document of {@code yaml} into maps, lists and scalars.
   *
   * @param yaml the text
   * @param origin where it came from, for the problems
   * @return the documents, in order (null for an empty one)
   * @throws SloDefinitionException when the text is too large, too deep or not YAML
   */
  static List<Object> documents(String yaml, String origin) {
    List<Object> docs = new ArrayList<>();
    // every character counts, comments included (the parser's own limit skips comments)
    int codePoints = yaml.codePointCount(0, yaml.length());
    if (codePoints > MAX_CODE_POINTS) {
      throw new SloDefinitionException(List.of(sizeProblem(origin, codePoints)));
    }
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setLabel(origin)
              .setAllowDuplicateKeys(false)
              .setAllowRecursiveKeys(false)
              .setMaxAliasesForCollections(50)
              .setCodePointLimit(MAX_CODE_POINTS)
              // the whole text in one window: the parser grows a smaller window by copying it,
              // which made one long line (a comment, a scalar) take quadratic time
              .setBufferSize(Math.max(1024, yaml.length() + 1))
              .build();
      int depth = 0;
      for (Event event : new Parse(settings).parseString(yaml)) {
        if (event instanceof CollectionStartEvent) {
          if (++depth > MAX_DEPTH) {
            String where =
                event.getStartMark().map(m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    .orElse("?");
            throw new SloDefinitionException(
                List.of(
                    ConfigProblem.of(
                        origin + ": yaml at " + where,
                        "nested " + depth + " levels deep",
                        "at most " + MAX_DEPTH + " levels were expected")));
          }
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        }
      }
      for (Object doc : new Load(settings).loadAllFromString(yaml)) {
        docs.add(doc);
      }
    } catch (SloDefinitionException e) {
      throw e;
    } catch (MarkedYamlEngineException e) {
      String where =
          e.getProblemMark()
              .map(m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1))
              .orElse("?");
      throw new SloDefinitionException(
          List.of(
              ConfigProblem.of(
                  origin + ": yaml at " + where, e.getProblem(), "valid YAML was expected")));
    } catch (YamlEngineException | IllegalArgumentException | IllegalStateException e) {
      throw new SloDefinitionException(
          List.of(ConfigProblem.of(origin + ": yaml", e.getMessage(), "valid YAML was expected")));
    }
    return docs;
  }

  private static ConfigProblem sizeProblem(String origin, long codePoints) {
    return ConfigProblem.of(
        origin + ": size",
        (codePoints > MAX_CODE_POINTS ? "more than " : "") + MAX_CODE_POINTS + " characters",
        "at most " + MAX_CODE_POINTS + " were expected");
  }

  /**
   * Reads a UTF-8 file, refusing it as soon as it holds more characters than a document may
   * have, so a huge file is never held in memory, and naming the first byte that is not UTF-8.
   *
   * @param file the file
   * @return its text
   * @throws IOException when the file cannot be read
   * @throws SloDefinitionException when it is too large or not UTF-8
   */
  public static String readFile(Path file) throws IOException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    CharBuffer chars = CharBuffer.allocate(64 * 1024);
    StringBuilder text = new StringBuilder();
    long consumed = 0;
    long codePoints = 0;
    try (ReadableByteChannel in = Files.newByteChannel(file)) {
      boolean end = false;
      while (!end) {
        end = in.read(bytes) < 0;
        bytes.flip();
        int before = bytes.position();
        CoderResult r = decoder.decode(bytes, chars, end);
        if (end && !r.isError()) {
          r = decoder.flush(chars);
        }
        if (r.isError()) {
          long at = consumed + bytes.position() - before;
          throw new SloDefinitionException(
              List.of(
                  ConfigProblem.of(
                      file + ": byte " + at,
                      "not valid UTF-8",
                      "the file must be encoded in UTF-8")));
        }
        consumed += bytes.position() - before;
        bytes.compact();
        chars.flip();
        for (int i = chars.position(); i < chars.limit(); i++) {
          if (!Character.isLowSurrogate(chars.get(i))) {
            codePoints++;
          }
        }
        if (codePoints > MAX_CODE_POINTS) {
          throw new SloDefinitionException(List.of(sizeProblem(file.toString(), codePoints)));
        }
        text.append(chars);
        chars.clear();
      }
    }
    return text.toString();
  }

}
