package dev.shipshape.flags;

import dev.shipshape.flags.internal.FlagSetParser;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, compiled snapshot of flag definitions: what a source produces and what a reload
 * swaps atomically.
 */
public interface FlagSet {

  /**
   * Parses and compiles a flagd-format document under the default {@link FlagLimits}.
   *
   * @param json the document
   * @param origin names the file or URL in error messages
   * @return the compiled flags
   * @throws FlagDefinitionException listing every problem when the document is invalid
   */
  static FlagSet parse(String json, String origin) {
    return parse(json, origin, FlagLimits.defaults());
  }

  /**
   * Parses and compiles a flagd-format document.
   *
   * @param json the document
   * @param origin names the file or URL in error messages
   * @param limits size, depth and count limits
   * @return the compiled flags
   * @throws FlagDefinitionException listing every problem when the document is invalid
   */
  static FlagSet parse(String json, String origin, FlagLimits limits) {
    return FlagSetParser.parse(json, origin, limits);
  }

  /**
   * A set without flags.
   *
   * @return the empty set
   */
  static FlagSet empty() {
    return FlagSetParser.empty();
  }

  /**
   * The flag keys, in document order.
   *
   * @return the keys
   */
  Set<String> keys();

  /**
   * One flag's definition.
   *
   * @param key the flag key
   * @return the definition, empty when the set has no such flag
   */
  Optional<FlagDefinition> definition(String key);

  /**
   * The set-level {@code metadata} of the document.
   *
   * @return the metadata
   */
  Map<String, Object> metadata();
}
