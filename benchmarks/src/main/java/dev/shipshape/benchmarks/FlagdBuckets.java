package dev.shipshape.benchmarks;

import org.apache.commons.codec.digest.MurmurHash3;

/**
 * flagd's bucketing of a fractional split, written plainly: the hash is Apache Commons Codec's
 * MurmurHash3 (x86, 32 bit, seed 0) over the UTF-8 bytes of {@code flagKey + targetingKey}, the one
 * flagd's Java provider uses; the bucket is {@code (unsigned(hash) * totalWeight) >>> 32}. It is the
 * floor of a fractional evaluation, the in-memory OpenFeature contender's split, and the reference
 * the contenders' agreement test checks every split against.
 */
public final class FlagdBuckets {

  private FlagdBuckets() {}

  /**
   * The hash of {@code data}: MurmurHash3 x86 32-bit with seed 0.
   *
   * @param data the bytes to hash
   * @return the 32-bit hash
   */
  public static int hash(byte[] data) {
    return MurmurHash3.hash32x86(data, 0, data.length, 0);
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
