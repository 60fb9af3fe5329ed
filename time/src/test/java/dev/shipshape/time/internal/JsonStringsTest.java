package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JSON string literals as strict parsers accept them. */
class JsonStringsTest {

  private static String json(String s) {
    StringBuilder out = new StringBuilder();
    JsonStrings.append(out, s);
    return out.toString();
  }

  @Test
  void escapesQuotesBackslashesAndControlCharactersWithTheirShortFormsWhereJsonHasThem() {
    assertThat(json("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(json("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
    assertThat(json("\u0000\u001f")).isEqualTo("\"\\u0000\\u001f\"");
  }

  @Test
  void escapesTheLineSeparatorsThatJavaScriptReadsAsLineEnds() {
    assertThat(json("a\u2028b\u2029")).isEqualTo("\"a\\u2028b\\u2029\"");
  }

  @Test
  void keepsSurrogatePairsAndReplacesALoneSurrogate() {
    assertThat(json("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
    assertThat(json("x\uD83Dy")).isEqualTo("\"x\uFFFDy\"");
    assertThat(json("\uDE00")).isEqualTo("\"\uFFFD\"");
  }
}
