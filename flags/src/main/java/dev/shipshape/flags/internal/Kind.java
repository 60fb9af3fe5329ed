package dev.shipshape.flags.internal;

/** The one type all of a flag's variants share. */
public enum Kind {
  BOOLEAN("boolean"),
  STRING("string"),
  NUMBER("number"),
  OBJECT("object");

  final String label;

  Kind(String label) {
    this.label = label;
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
