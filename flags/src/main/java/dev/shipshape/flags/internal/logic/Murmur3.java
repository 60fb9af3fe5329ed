package dev.shipshape.flags.internal.logic;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * MurmurHash3 x86 32-bit, seed 0, over the UTF-8 bytes of one or two strings, computed
 * incrementally so that hashing {@code a + b} never builds the concatenation.
 */
public final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /**
   * The hash state after the UTF-8 bytes of a constant first string (such as a flag key), so that
   * hashing {@code key + targetingKey} per evaluation only walks the targeting key.
   */
  public static final class Prefix {
    /** The state before any byte. */
    public static final Prefix EMPTY = new Prefix(0, 0, 0, "");

    final int h1;
    final int k;
    final int len;
    final String text;

    private Prefix(int h1, int k, int len, String text) {
      this.h1 = h1;
      this.k = k;
      this.len = len;
      this.text = text;
    }

    /**
     * The state after the UTF-8 bytes of {@code s} (an unpaired surrogate encodes as {@code ?},
     * as {@link String#getBytes} does).
     *
     * @param s the constant first string
     * @return its state
     */
    public static Prefix of(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      int h1 = 0;
      int blocks = bytes.length & ~3;
      for (int i = 0; i < blocks; i += 4) {
        int k =
            (bytes[i] & 0xFF)
                | (bytes[i + 1] & 0xFF) << 8
                | (bytes[i + 2] & 0xFF) << 16
                | (bytes[i + 3] & 0xFF) << 24;
        h1 = mixH(h1, k);
      }
      int k = 0;
      for (int i = blocks; i < bytes.length; i++) {
        k |= (bytes[i] & 0xFF) << (8 * (i - blocks));
      }
      return new Prefix(h1, k, bytes.length, s);
    }
  }

  /**
   * Hashes the UTF-8 encoding of {@code a} followed by {@code b}.
   *
   * @param a the first string
   * @param b the second string, or null for none
   * @return the 32-bit hash
   */
  public static int hash(String a, @Nullable String b) {
    return hash(Prefix.EMPTY, a, b);
  }

  /**
   * Hashes the UTF-8 encoding of the prefix's string followed by {@code s}: the per-evaluation
   * hash of {@code flagKey + targetingKey}. A tight loop for ASCII text; anything else goes to
   * {@link #hash(Prefix, String, String)}.
   *
   * @param prefix the state after the constant first part
   * @param s the text after it
   * @return the 32-bit hash
   */
  public static int hash(Prefix prefix, String s) {
    int h1 = prefix.h1;
    int k = prefix.k;
    int n = prefix.len & 3;
    int strLen = s.length();
    if (strLen > 0 && Character.isLowSurrogate(s.charAt(0))) {
      return hash(prefix, s, null);
    }
    int i = 0;
    for (; i + 3 < strLen; i += 4) {
      int c0 = s.charAt(i);
      int c1 = s.charAt(i + 1);
      int c2 = s.charAt(i + 2);
      int c3 = s.charAt(i + 3);
      if ((c0 | c1 | c2 | c3) >= 0x80) {
        return hash(prefix, s, null);
      }
      int w = c0 | c1 << 8 | c2 << 16 | c3 << 24;
      if (n == 0) {
        h1 = mixH(h1, w);
      } else {
        h1 = mixH(h1, k | w << (8 * n));
        k = w >>> (32 - 8 * n);
      }
    }
    for (; i < strLen; i++) {
      int c = s.charAt(i);
      if (c >= 0x80) {
        return hash(prefix, s, null);
      }
      k |= c << (8 * n);
      if (++n == 4) {
        h1 = mixH(h1, k);
        k = 0;
        n = 0;
      }
    }
    if (n > 0) {
      h1 ^= mixK(k);
    }
    h1 ^= prefix.len + strLen;
    return fmix(h1);
  }

  /**
   * Hashes the UTF-8 encoding of the prefix's string followed by {@code a} and {@code b}, as if
   * they were concatenated, one byte at a time: the general case behind {@link #hash(Prefix,
   * String)}.
   *
   * @param prefix the state after a constant first part
   * @param a the next string
   * @param b the string after it, or null for none
   * @return the 32-bit hash
   */
  public static int hash(Prefix prefix, String a, @Nullable String b) {
    // a surrogate pair split across two parts is one character of the concatenation
    if (splitsPair(prefix.text, a)) {
      return hash(Prefix.EMPTY, prefix.text + a, b);
    }
    if (b != null && splitsPair(a, b)) {
      return hash(prefix, a + b, null);
    }
    int h1 = prefix.h1;
    int len = prefix.len;
    int n = len & 3;
    int k = prefix.k;
    for (int s = 0; s < 2; s++) {
      String str = s == 0 ? a : b;
      if (str == null) {
        continue;
      }
      int strLen = str.length();
      for (int i = 0; i < strLen; i++) {
        int c = str.charAt(i);
        int bytes;
        int cnt;
        if (c < 0x80) {
          bytes = c;
          cnt = 1;
        } else if (c < 0x800) {
          bytes = (0xC0 | (c >> 6)) | ((0x80 | (c & 0x3F)) << 8);
          cnt = 2;
        } else if (Character.isSurrogate((char) c)) {
          if (Character.isHighSurrogate((char) c)
              && i + 1 < strLen
              && Character.isLowSurrogate(str.charAt(i + 1))) {
            int cp = Character.toCodePoint((char) c, str.charAt(i + 1));
            i++;
            bytes =
                (0xF0 | (cp >> 18))
                    | ((0x80 | ((cp >> 12) & 0x3F)) << 8)
                    | ((0x80 | ((cp >> 6) & 0x3F)) << 16)
                    | ((0x80 | (cp & 0x3F)) << 24);
            cnt = 4;
          } else {
            // String.getBytes(UTF_8) encodes an unpaired surrogate as '?'
            bytes = '?';
            cnt = 1;
          }
        } else {
          bytes = (0xE0 | (c >> 12)) | ((0x80 | ((c >> 6) & 0x3F)) << 8)
              | ((0x80 | (c & 0x3F)) << 16);
          cnt = 3;
        }
        for (int j = 0; j < cnt; j++) {
          k |= ((bytes >>> (8 * j)) & 0xFF) << (8 * n);
          n++;
          len++;
          if (n == 4) {
            h1 = mixH(h1, k);
            k = 0;
            n = 0;
          }
        }
      }
    }
    if (n > 0) {
      h1 ^= mixK(k);
    }
    h1 ^= len;
    return fmix(h1);
  }

  private static boolean splitsPair(String first, String second) {
    return !first.isEmpty()
        && !second.isEmpty()
        && Character.isHighSurrogate(first.charAt(first.length() - 1))
        && Character.isLowSurrogate(second.charAt(0));
  }

  private static int mixH(int h1, int k) {
    h1 ^= mixK(k);
    h1 = Integer.rotateLeft(h1, 13);
    return h1 * 5 + 0xe6546b64;
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }

  private static int fmix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * The bucket of a hash among {@code totalWeight} buckets: {@code (unsigned(hash) * total) >>>
   * 32}, flagd's high-precision bucketing.
   *
   * @param hash the hash
   * @param totalWeight the total weight, positive and below 2^31
   * @return the bucket in {@code [0, totalWeight)}
   */
  public static long bucket(int hash, long totalWeight) {
    return ((hash & 0xFFFFFFFFL) * totalWeight) >>> 32;
  }
}
