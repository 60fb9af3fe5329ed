package dev.shipshape.flags;

/**
 * A source whose flags are set in code, for tests and embedded defaults. Every change is
 * validated at once (an invalid flag throws {@link FlagDefinitionException} from the call) and
 * applied to every {@link Flags} using the source without waiting for a poll.
 */
public interface InMemoryFlagSource extends FlagSource {

  /**
   * Replaces all flags with the content of a flagd-format document.
   *
   * @param json the document
   * @return this source
   * @throws FlagDefinitionException if the document is invalid
   */
  InMemoryFlagSource setDocument(String json);

  /**
   * Adds or replaces one flag from its flagd JSON definition (the object that would sit under
   * {@code /flags/<key>}).
   *
   * @param key the flag key
   * @param flagJson the definition
   * @return this source
   * @throws FlagDefinitionException if the definition is invalid
   */
  InMemoryFlagSource putFlag(String key, String flagJson);

  /**
   * Adds or replaces a static boolean flag with variants {@code on} and {@code off}.
   *
   * @param key the flag key
   * @param value the value to serve
   * @return this source
   */
  InMemoryFlagSource putBoolean(String key, boolean value);

  /**
   * Adds or replaces a static flag with one variant named after its value's type.
   *
   * @param key the flag key
   * @param value a String, Boolean, Number, or a Map/List of those
   * @return this source
   * @throws IllegalArgumentException if the value cannot be expressed in JSON
   */
  InMemoryFlagSource putValue(String key, Object value);

  /**
   * Removes one flag.
   *
   * @param key the flag key
   * @return this source
   */
  InMemoryFlagSource remove(String key);

  /**
   * Removes every flag.
   *
   * @return this source
   */
  InMemoryFlagSource clear();
}
