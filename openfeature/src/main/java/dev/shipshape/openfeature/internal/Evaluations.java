package dev.shipshape.openfeature.internal;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.Flags;
import dev.shipshape.openfeature.internal.Conversions.InvalidContextException;
import org.jspecify.annotations.Nullable;

/**
 * The provider's evaluations: the OpenFeature context converted, the flag evaluated by the flags
 * client, and its details turned into a provider evaluation. Never throws: every failure is an
 * error result with the caller's default.
 */
public final class Evaluations {

  private static final Object NO_VALUE = new Object();

  private final Results results;
  private final ContextConverter contexts;

  /**
   * Creates the evaluations.
   *
   * @param results converts details into provider evaluations
   * @param contexts converts OpenFeature contexts
   */
  public Evaluations(Results results, ContextConverter contexts) {
    this.results = results;
    this.contexts = contexts;
  }

  /**
   * One typed evaluation of the flags client, such as {@code Flags::booleanDetails}: a method
   * reference that captures nothing, so passing it allocates nothing.
   */
  @FunctionalInterface
  public interface Evaluation<T> {
    /**
     * Evaluates a flag.
     *
     * @param flags the flags client
     * @param key the flag's key
     * @param defaultValue the value when the flag cannot be evaluated
     * @param ctx the converted context
     * @return the details
     */
    EvaluationDetails<T> details(
        Flags flags, String key, T defaultValue, dev.shipshape.flags.EvaluationContext ctx);
  }

  /**
   * Evaluates a flag of a primitive type.
   *
   * @param f the running flags client, or null before initialisation and after shutdown
   * @param key the flag's key
   * @param defaultValue the caller's default
   * @param substitute the default passed to the flags client, when the caller's is null
   * @param ctx the OpenFeature context
   * @param evaluation the typed evaluation
   * @param <T> the flag's type
   * @return the provider evaluation
   */
  public <T> ProviderEvaluation<T> evaluate(
      @Nullable Flags f,
      String key,
      @Nullable T defaultValue,
      T substitute,
      EvaluationContext ctx,
      Evaluation<T> evaluation) {
    if (f == null) {
      return Results.notReady(defaultValue);
    }
    try {
      dev.shipshape.flags.EvaluationContext c = contexts.convert(ctx);
      EvaluationDetails<T> d =
          evaluation.details(f, key, defaultValue != null ? defaultValue : substitute, c);
      if (d.errorCode() != null || d.variant() == null) {
        return results.withoutValue(f, d, defaultValue);
      }
      return new ProviderEvaluation<>(
          d.value(), d.variant(), d.reason().name(), null, null, results.metadata(d));
    } catch (InvalidContextException e) {
      return Results.error(defaultValue, ErrorCode.INVALID_CONTEXT, e.getMessage());
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      return Results.unexpected(key, defaultValue, e);
    }
  }

  /**
   * Evaluates an object flag, its value converted to an OpenFeature {@link Value}.
   *
   * @param f the running flags client, or null before initialisation and after shutdown
   * @param key the flag's key
   * @param defaultValue the caller's default
   * @param ctx the OpenFeature context
   * @return the provider evaluation
   */
  public ProviderEvaluation<Value> object(
      @Nullable Flags f, String key, @Nullable Value defaultValue, EvaluationContext ctx) {
    if (f == null) {
      return Results.notReady(defaultValue);
    }
    try {
      dev.shipshape.flags.EvaluationContext c = contexts.convert(ctx);
      EvaluationDetails<Object> d = f.objectDetails(key, NO_VALUE, c);
      String variant = d.variant();
      if (d.errorCode() != null || variant == null || d.value() == NO_VALUE) {
        return results.withoutValue(f, d, defaultValue);
      }
      return new ProviderEvaluation<>(
          results.value(key, variant, d.value()), variant, d.reason().name(), null, null,
          results.metadata(d));
    } catch (InvalidContextException e) {
      return Results.error(defaultValue, ErrorCode.INVALID_CONTEXT, e.getMessage());
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      return Results.unexpected(key, defaultValue, e);
    }
  }
}
