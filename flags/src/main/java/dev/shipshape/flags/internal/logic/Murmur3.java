package dev.shipshape.flags.internal.logic;

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
   * Hashes the UTF-8 encoding of {@code a} followed by {@code b}.
   *
   * @param a the first string
   * @param b the second string, or null for none
   * @return the 32-bit hash
   */
  public static int hash(String a, @Nullable String b) {
    int h1 = 0;
    int k = 0;
    int n = 0;
    int len = 0;
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
            h1 ^= mixK(k);
            h1 = Integer.rotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
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
