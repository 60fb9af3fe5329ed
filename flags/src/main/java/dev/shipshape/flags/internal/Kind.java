package dev.shipshape.flags.internal;

/** The one type all of a flag's variants share. */
public enum Kind {
  BOOLEAN("boolean"),
  STRING("string"),
  NUMBER("number"),
  OBJECT("object");

  final String label;

  /** The label with its indefinite article, for messages: "a boolean", "an object". */
  final String withArticle;

  Kind(String label) {
    this.label = label;
    this.withArticle = withArticle(label);
  }

  /**
   * A word with its indefinite article ("a string", "an integer"), for messages.
   *
   * @param word a lower-case type name
   * @return the word after "a" or "an"
   */
  static String withArticle(String word) {
    return ("aeiou".indexOf(word.isEmpty() ? 'x' : word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  static Kind of(Object value) {
    if (value instanceof Boolean) {
      return BOOLEAN;
    }
    if (value instanceof String) {
      return STRING;
    }
    if (value instanceof Number) {
      return NUMBER;
    }
    return OBJECT;
  }
}
