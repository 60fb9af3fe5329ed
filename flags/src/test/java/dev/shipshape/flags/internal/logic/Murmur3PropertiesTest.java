package dev.shipshape.flags.internal.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The incremental hash (four-ASCII-character blocks, a precomputed flag-key prefix, two strings
 * without concatenating) against a plain MurmurHash3 over the UTF-8 bytes of the concatenation.
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

  /** MurmurHash3 x86 32-bit, seed 0, written from the published algorithm. */
  private static int reference(byte[] data) {
    int h = 0;
    int blocks = data.length / 4;
    for (int i = 0; i < blocks; i++) {
      int k =
          (data[4 * i] & 0xFF)
              | (data[4 * i + 1] & 0xFF) << 8
              | (data[4 * i + 2] & 0xFF) << 16
              | (data[4 * i + 3] & 0xFF) << 24;
      k *= 0xcc9e2d51;
      k = Integer.rotateLeft(k, 15);
      k *= 0x1b873593;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int k = 0;
    int tail = blocks * 4;
    int rem = data.length & 3;
    if (rem == 3) {
      k ^= (data[tail + 2] & 0xFF) << 16;
    }
    if (rem >= 2) {
      k ^= (data[tail + 1] & 0xFF) << 8;
    }
    if (rem >= 1) {
      k ^= data[tail] & 0xFF;
      k *= 0xcc9e2d51;
      k = Integer.rotateLeft(k, 15);
      k *= 0x1b873593;
      h ^= k;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
