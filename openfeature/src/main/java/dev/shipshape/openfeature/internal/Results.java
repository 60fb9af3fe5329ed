package dev.shipshape.openfeature.internal;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import dev.shipshape.flags.EvaluationDetails;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.SourceState;
import dev.shipshape.openfeature.ShipshapeProvider;
import dev.shipshape.openfeature.internal.SourceHealth.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the flags client's evaluation details into OpenFeature provider evaluations: the error
 * mapping, and the conversions of metadata and object values, each kept while the flags client
 * hands out the same instance (it shares details per variant, reason and type), so a repeated
 * evaluation converts nothing.
 */
public final class Results {
  private static final Logger log = LoggerFactory.getLogger(ShipshapeProvider.class);

  private final ConcurrentHashMap<String, Cached> metadataCache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Cached>> valueCache =
      new ConcurrentHashMap<>();

  /** Creates empty caches. */
  public Results() {}

  /** Forgets every conversion, after a reload or at shutdown. */
  public void clear() {
    metadataCache.clear();
    valueCache.clear();
  }

  /**
   * The caller's default with the flags client's reason, error and metadata. A flag that is not
   * found while no source has loaded yet is PROVIDER_NOT_READY, with the sources' problems: the
   * flag may well exist in the source that could not be read.
   */
  public <T> ProviderEvaluation<T> withoutValue(
      Flags f, EvaluationDetails<?> d, @Nullable T dflt) {
    dev.shipshape.flags.ErrorCode code = d.errorCode();
    if (code == dev.shipshape.flags.ErrorCode.FLAG_NOT_FOUND) {
      List<SourceState> states = f.sourceStates();
      if (SourceHealth.of(states) == Status.ERROR) {
        return error(
            dflt,
            ErrorCode.PROVIDER_NOT_READY,
            "no flag source has loaded yet: " + SourceHealth.describeProblems(states));
      }
    }
    if (code != null) {
      ErrorCode mapped = Conversions.errorCode(code);
      return new ProviderEvaluation<>(
          dflt, null, Reason.ERROR.name(), mapped, d.errorMessage(), metadata(d));
    }
    return new ProviderEvaluation<>(dflt, null, d.reason().name(), null, null, metadata(d));
  }

  /** The caller's default with an error code and message, and no metadata. */
  public static <T> ProviderEvaluation<T> error(
      @Nullable T dflt, ErrorCode code, @Nullable String message) {
    return new ProviderEvaluation<>(
        dflt, null, Reason.ERROR.name(), code, message, ImmutableMetadata.EMPTY);
  }

  /** The caller's default while the provider is not initialised. */
  public static <T> ProviderEvaluation<T> notReady(@Nullable T dflt) {
    return error(dflt, ErrorCode.PROVIDER_NOT_READY, "the provider is not initialised");
  }

  /** The caller's default after the evaluation itself failed, logged as a WARN. */
  public static <T> ProviderEvaluation<T> unexpected(String key, @Nullable T dflt, Throwable e) {
    log.atWarn()
        .setMessage("flag '{}' evaluation failed unexpectedly; returning the caller's default: {}")
        .addArgument(key)
        .addArgument(e.toString())
        .addKeyValue("flag", key)
        .addKeyValue("error", e.getClass().getName())
        .log();
    return error(dflt, ErrorCode.GENERAL, "evaluation failed: " + e.getClass().getSimpleName());
  }

  /** The flag's metadata, converted once per metadata instance. */
  public ImmutableMetadata metadata(EvaluationDetails<?> d) {
    Map<String, Object> md = d.metadata();
    if (md.isEmpty()) {
      return ImmutableMetadata.EMPTY;
    }
    Cached c = metadataCache.get(d.flagKey());
    if (c != null && c.source == md) {
      return (ImmutableMetadata) c.converted;
    }
    ImmutableMetadata converted = Conversions.toMetadata(md);
    metadataCache.put(d.flagKey(), new Cached(md, converted));
    return converted;
  }

  /** An object variant's value, converted once per value instance. */
  public Value value(String key, String variant, Object value) {
    ConcurrentHashMap<String, Cached> byVariant = valueCache.get(key);
    if (byVariant == null) {
      byVariant = valueCache.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    }
    Cached c = byVariant.get(variant);
    if (c != null && c.source == value) {
      return (Value) c.converted;
    }
    Value converted = Conversions.toValue(value);
    byVariant.put(variant, new Cached(value, converted));
    return converted;
  }

  private static final class Cached {
    final Object source;
    final Object converted;

    Cached(Object source, Object converted) {
      this.source = source;
      this.converted = converted;
    }
  }
}
