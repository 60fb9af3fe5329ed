package dev.shipshape.flags;

import dev.shipshape.time.internal.Problems;

/**
 * Limits that protect the loader from oversized or hostile flag documents, and evaluation from
 * rules that would take too long.
 *
 * @param maxDocumentBytes the largest document accepted, in UTF-8 bytes (default 10 MiB)
 * @param maxDepth the deepest JSON nesting accepted anywhere in a document, targeting rules
 *     included (default 64)
 * @param maxFlags the most flags one document may define (default 10,000)
 * @param maxRuleBytes the largest targeting rule of one flag once every {@code $ref} is inlined,
 *     in bytes of compact JSON (default 10 MiB, the default document limit: a rule without
 *     {@code $ref} never reaches it). Checked before anything is inlined, so evaluators that
 *     refer to each other many times are refused instead of exhausting the heap.
 * @param maxEvaluationSteps the most steps one evaluation of a flag's targeting may take
 *     (default 10,000,000), where a step is one item of a list that {@code map}, {@code filter},
 *     {@code reduce}, {@code all}, {@code some} or {@code none} visits, or that {@code in}, {@code
 *     merge}, {@code missing} or {@code missing_some} walks inside one of them. A rule that takes
 *     more even when every list from the context has one item is refused when its document
 *     loads, naming the operator; an evaluation that gets there anyway, with longer lists from
 *     the context, stops and answers the caller's default with reason {@code ERROR}.
 */
public record FlagLimits(
    long maxDocumentBytes, int maxDepth, int maxFlags, long maxRuleBytes, long maxEvaluationSteps) {

  /** The default largest document: 10 MiB. */
  public static final long DEFAULT_MAX_DOCUMENT_BYTES = 10L * 1024 * 1024;

  /** The default deepest nesting: 64. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  /** The default most flags per document: 10,000. */
  public static final int DEFAULT_MAX_FLAGS = 10_000;

  /** The default largest rule once inlined: 10 MiB. */
  public static final long DEFAULT_MAX_RULE_BYTES = 10L * 1024 * 1024;

  /** The default most steps per evaluation: 10,000,000. */
  public static final long DEFAULT_MAX_EVALUATION_STEPS = 10_000_000;

  /**
   * Validates the limits, reporting every bad one at once.
   *
   * @param maxDocumentBytes the largest document in bytes, positive
   * @param maxDepth the deepest nesting, 4 to 10,000
   * @param maxFlags the most flags, positive
   * @param maxRuleBytes the largest inlined rule in bytes, positive
   * @param maxEvaluationSteps the most steps per evaluation, positive
   * @throws FlagsConfigException listing every bad limit, each named by its component ({@code
   *     maxDepth})
   */
  public FlagLimits {
    Problems problems = new Problems();
    if (maxDocumentBytes <= 0) {
      problems.add("maxDocumentBytes", maxDocumentBytes, "must be positive");
    }
    if (maxDepth < 4 || maxDepth > 10_000) {
      problems.add("maxDepth", maxDepth, "must be between 4 and 10000");
    }
    if (maxFlags <= 0) {
      problems.add("maxFlags", maxFlags, "must be positive");
    }
    if (maxRuleBytes <= 0) {
      problems.add("maxRuleBytes", maxRuleBytes, "must be positive");
    }
    if (maxEvaluationSteps <= 0) {
      problems.add("maxEvaluationSteps", maxEvaluationSteps, "must be positive");
    }
    problems.throwIfAny(p -> new FlagsConfigException("flag limits", p));
  }

  /**
   * Limits with the default most steps per evaluation ({@value #DEFAULT_MAX_EVALUATION_STEPS}).
   *
   * @param maxDocumentBytes the largest document in bytes, positive
   * @param maxDepth the deepest nesting, 4 to 10,000
   * @param maxFlags the most flags, positive
   * @param maxRuleBytes the largest inlined rule in bytes, positive
   * @throws FlagsConfigException listing every bad limit
   */
  public FlagLimits(long maxDocumentBytes, int maxDepth, int maxFlags, long maxRuleBytes) {
    this(maxDocumentBytes, maxDepth, maxFlags, maxRuleBytes, DEFAULT_MAX_EVALUATION_STEPS);
  }

  /**
   * Limits with the largest inlined rule as large as the largest document, and the default most
   * steps per evaluation.
   *
   * @param maxDocumentBytes the largest document in bytes, positive; also the largest rule
   * @param maxDepth the deepest nesting, 4 to 10,000
   * @param maxFlags the most flags, positive
   * @throws FlagsConfigException listing every bad limit
   */
  public FlagLimits(long maxDocumentBytes, int maxDepth, int maxFlags) {
    this(maxDocumentBytes, maxDepth, maxFlags, Math.max(1, maxDocumentBytes));
  }

  /**
   * The default limits: 10 MiB documents, depth 64, 10,000 flags, 10 MiB rules once inlined,
   * 10,000,000 steps per evaluation.
   *
   * @return the defaults
   */
  public static FlagLimits defaults() {
    return new FlagLimits(
        DEFAULT_MAX_DOCUMENT_BYTES,
        DEFAULT_MAX_DEPTH,
        DEFAULT_MAX_FLAGS,
        DEFAULT_MAX_RULE_BYTES,
        DEFAULT_MAX_EVALUATION_STEPS);
  }
}
