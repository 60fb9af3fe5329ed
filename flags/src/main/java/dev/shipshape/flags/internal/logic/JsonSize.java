package dev.shipshape.flags.internal.logic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.flags.internal.JsonTrees;

/** The size in UTF-8 bytes of a JSON value as Jackson writes it compactly, without writing it. */
final class JsonSize {
  private JsonSize() {}

  /**
   * The size of a scalar value (string, number, boolean or null).
   *
   * @param n the value, not an array or object
   * @return its compact JSON size in bytes
   */
  static long of(JsonNode n) {
    if (n.isTextual()) {
      return ofText(n.textValue());
    }
    return JsonTrees.write(n).length();
  }

  /**
   * The size of a quoted, escaped JSON string.
   *
   * @param s the string
   * @return its size in bytes, quotes included
   */
  static long ofText(String s) {
    long bytes = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        bytes += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
