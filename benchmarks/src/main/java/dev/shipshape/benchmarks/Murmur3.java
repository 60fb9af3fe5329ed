package dev.shipshape.benchmarks;

/**
 * MurmurHash3 x86 32-bit with seed 0, the hash of flagd's {@code fractional}, written plainly so
 * that it serves as the floor of a fractional evaluation: hash prebuilt bytes, pick a bucket.
 *
 * <p>It is apart from the flags module's own hash on purpose: that one reads strings as UTF-8
 * without building a byte array and is internal to flags, while this one is the plain byte-array
 * reference that the in-memory OpenFeature contender uses and that the contenders' agreement test
 * checks every split against.
 */
public final class Murmur3 {

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /**
   * Hashes {@code data} with seed 0.
   *
   * @param data the bytes to hash
   * @return the 32-bit hash
   */
  public static int hash32(byte[] data) {
    int h = 0;
    int len = data.length;
    int blocks = len >>> 2;
    for (int i = 0; i < blocks; i++) {
      int off = i << 2;
      int k =
          (data[off] & 0xff)
              | (data[off + 1] & 0xff) << 8
              | (data[off + 2] & 0xff) << 16
              | (data[off + 3] & 0xff) << 24;
      k *= C1;
      k = Integer.rotateLeft(k, 15);
      k *= C2;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = blocks << 2;
    int rem = len & 3;
    if (rem != 0) {
      int k = 0;
      if (rem == 3) {
        k ^= (data[tail + 2] & 0xff) << 16;
      }
      if (rem >= 2) {
        k ^= (data[tail + 1] & 0xff) << 8;
      }
      k ^= data[tail] & 0xff;
      k *= C1;
      k = Integer.rotateLeft(k, 15);
      k *= C2;
      h ^= k;
    }
    h ^= len;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * The flagd v2 bucket: {@code (unsigned(hash) * totalWeight) >>> 32}.
   *
   * @param hash the 32-bit hash
   * @param totalWeight the sum of the weights
   * @return a bucket in {@code [0, totalWeight)}
   */
  public static long bucket(int hash, int totalWeight) {
    return ((hash & 0xffffffffL) * totalWeight) >>> 32;
  }

  /**
   * Picks the first variant whose cumulative weight exceeds the bucket.
   *
   * @param hash the 32-bit hash
   * @param variants the variant names
   * @param weights their weights, same length
   * @param totalWeight the sum of the weights
   * @return the chosen variant
   */
  public static String pick(int hash, String[] variants, int[] weights, int totalWeight) {
    long bucket = bucket(hash, totalWeight);
    int cumulative = 0;
    for (int i = 0; i < variants.length; i++) {
      cumulative += weights[i];
      if (bucket < cumulative) {
        return variants[i];
      }
    }
    return variants[variants.length - 1];
  }
}
