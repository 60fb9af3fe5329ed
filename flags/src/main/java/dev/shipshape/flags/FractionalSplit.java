package dev.shipshape.flags;

import java.util.List;
import java.util.Objects;

/**
 * Describes a flag whose targeting is exactly one top-level {@code fractional} rule with literal
 * variant names and weights: what is hashed and how the buckets are weighted.
 *
 * @param bucketingInput a description of the hashed input: {@code flagKey + targetingKey} for the
 *     shorthand form, otherwise the JSON of the bucketing expression
 * @param buckets the variants in their order in the rule, with their weights
 */
public record FractionalSplit(String bucketingInput, List<Bucket> buckets) {

  /**
   * Validates and copies the components.
   *
   * @param bucketingInput a description of the hashed input
   * @param buckets the weighted variants
   */
  public FractionalSplit {
    Objects.requireNonNull(bucketingInput, "bucketingInput");
    buckets = List.copyOf(buckets);
  }

  /**
   * The sum of all weights.
   *
   * @return the total weight
   */
  public long totalWeight() {
    long total = 0;
    for (Bucket b : buckets) {
      total += b.weight();
    }
    return total;
  }

  /**
   * One variant of a split and its weight.
   *
   * @param variant the variant name
   * @param weight the weight, zero or more
   */
  public record Bucket(String variant, int weight) {
    /**
     * Validates the components.
     *
     * @param variant the variant name
     * @param weight the weight, zero or more
     */
    public Bucket {
      Objects.requireNonNull(variant, "variant");
      if (weight < 0) {
        throw new IllegalArgumentException("weight was '" + weight + "' but must be >= 0");
      }
    }
  }
}
