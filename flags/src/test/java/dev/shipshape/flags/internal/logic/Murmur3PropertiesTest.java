package dev.shipshape.flags.internal.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The incremental hash (four-ASCII-character blocks, a precomputed flag-key prefix, two strings
 * without concatenating) against an independent MurmurHash3 over the UTF-8 bytes of the
 * concatenation: Apache Commons Codec's, the one flagd's Java provider buckets with.
 */
class Murmur3PropertiesTest {

  /** Characters that exercise every encoding branch: ASCII, 2 and 3 bytes, pairs, lone halves. */
  private static final char[] ALPHABET = {
    'a', 'Z', '0', '-', '@', '.', 0x7F, 0xE9, 0x7FF, 0x800, 0x20AC, 0xFFFF,
    0xD83D, 0xDE00, 0xD800, 0xDFFF
  };

  private static Gen<String> strings() {
    // mostly ASCII so that four-character blocks and their alignment after a prefix are common
    return lists()
        .of(integers().between(0, ALPHABET.length * 3 - 1))
        .ofSizeBetween(0, 24)
        .map(Murmur3PropertiesTest::toText);
  }

  private static String toText(List<Integer> picks) {
    StringBuilder sb = new StringBuilder();
    for (int p : picks) {
      sb.append(p < ALPHABET.length ? ALPHABET[p] : (char) ('a' + p % 26));
    }
    return sb.toString();
  }

  @Test
  void prefixedHashEqualsHashOfTheConcatenatedUtf8Bytes() {
    qt().withExamples(5_000)
        .forAll(strings(), strings())
        .checkAssert(
            (a, b) -> {
              int expected = reference((a + b).getBytes(StandardCharsets.UTF_8));
              assertThat(Murmur3.hash(Murmur3.Prefix.of(a), b, null)).isEqualTo(expected);
              assertThat(Murmur3.hash(Murmur3.Prefix.of(a), b)).isEqualTo(expected);
              assertThat(Murmur3.hash(a, b)).isEqualTo(expected);
            });
  }

  @Test
  void everyPrefixAlignmentFoldsAsciiBlocksCorrectly() {
    for (String key : List.of("", "k", "ke", "key", "key-", "fractional-string")) {
      for (String tk : List.of("u", "user-42", "user-4242", "alice@example.com", "ü-user-€")) {
        int expected = reference((key + tk).getBytes(StandardCharsets.UTF_8));
        assertThat(Murmur3.hash(Murmur3.Prefix.of(key), tk, null))
            .as("%s + %s", key, tk)
            .isEqualTo(expected);
        assertThat(Murmur3.hash(Murmur3.Prefix.of(key), tk)).as("%s + %s", key, tk).isEqualTo(expected);
      }
    }
  }

  /** MurmurHash3 x86 32-bit, seed 0, as Apache Commons Codec computes it for flagd's provider. */
  private static int reference(byte[] data) {
    return MurmurHash3.hash32x86(data, 0, data.length, 0);
  }
}
