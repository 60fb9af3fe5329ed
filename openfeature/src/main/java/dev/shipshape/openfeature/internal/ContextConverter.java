package dev.shipshape.openfeature.internal;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.Value;
import dev.shipshape.openfeature.internal.Conversions.InvalidContextException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts the contexts the OpenFeature SDK hands to a provider into flags contexts, reusing
 * earlier conversions of contexts that cannot change.
 *
 * <p>For every evaluation the SDK builds a new {@link LayeredEvaluationContext} over the API,
 * transaction, client and invocation contexts (and the contexts hooks return). Merging it through
 * its public API copies every layer's attributes into fresh maps, so this converter reads the
 * layers themselves and merges them in precedence order.
 *
 * <p>A conversion is reused only when every layer is an {@link ImmutableContext} (which copies
 * its values when built, so the same instance always holds the same attributes), no hook added a
 * context, and no attribute holds a list with structures or lists inside (the SDK does not copy
 * those deeply, so they could change). The reuse is keyed by the identity of the layers: a new
 * context instance, or a layer replaced by another, is converted afresh. The cache holds at most
 * {@value #SLOTS} such conversions, one per slot chosen by identity hash: a new conversion
 * replaces the one in its slot, so an older one can outlive more recent ones that went to other
 * slots. {@link #clear()} drops them.
 *
 * <p>When the SDK's layered context cannot be read (another SDK version), every context is
 * converted through its public API.
 */
public final class ContextConverter {

  /** The number of cached conversions at most. */
  public static final int SLOTS = 64;

  private static final String TARGETING_KEY = EvaluationContext.TARGETING_KEY;

  /** Stands for "more than one non-empty layer" in {@link #onlyNonEmpty}; never converted. */
  private static final EvaluationContext SEVERAL = new ImmutableContext();

  private static final @Nullable VarHandle API;
  private static final @Nullable VarHandle TRANSACTION;
  private static final @Nullable VarHandle CLIENT;
  private static final @Nullable VarHandle INVOCATION;
  private static final @Nullable VarHandle HOOKS;

  static {
    VarHandle api = null;
    VarHandle transaction = null;
    VarHandle client = null;
    VarHandle invocation = null;
    VarHandle hooks = null;
    try {
      MethodHandles.Lookup lookup =
          MethodHandles.privateLookupIn(LayeredEvaluationContext.class, MethodHandles.lookup());
      Class<LayeredEvaluationContext> c = LayeredEvaluationContext.class;
      api = lookup.findVarHandle(c, "apiContext", EvaluationContext.class);
      transaction = lookup.findVarHandle(c, "transactionContext", EvaluationContext.class);
      client = lookup.findVarHandle(c, "clientContext", EvaluationContext.class);
      invocation = lookup.findVarHandle(c, "invocationContext", EvaluationContext.class);
      hooks = lookup.findVarHandle(c, "hookContexts", ArrayList.class);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      api = null;
    }
    boolean all = api != null;
    API = all ? api : null;
    TRANSACTION = all ? transaction : null;
    CLIENT = all ? client : null;
    INVOCATION = all ? invocation : null;
    HOOKS = all ? hooks : null;
  }

  private final @Nullable Entry[] slots = new Entry[SLOTS];

  /** A converter with an empty cache. */
  public ContextConverter() {}

  /**
   * Whether the SDK's layered contexts are read layer by layer (and their conversions reused).
   * False only with an SDK whose {@link LayeredEvaluationContext} has another shape.
   *
   * @return true when layers are read directly
   */
  public static boolean readsLayers() {
    return API != null;
  }

  /** Drops every cached conversion. */
  public void clear() {
    Arrays.fill(slots, null);
  }

  /**
   * Converts a context; a context whose layers are the same immutable instances as in an earlier
   * call returns that call's conversion.
   *
   * @param ctx the context the SDK passed to the provider, or null
   * @return the flags context
   * @throws InvalidContextException if an attribute cannot be represented
   */
  public dev.shipshape.flags.EvaluationContext convert(@Nullable EvaluationContext ctx)
      throws InvalidContextException {
    if (ctx == null) {
      return dev.shipshape.flags.EvaluationContext.empty();
    }
    if (ctx.getClass() == LayeredEvaluationContext.class && API != null) {
      // Exactly the SDK's class: a subclass could answer differently from its fields.
      return convertLayered((LayeredEvaluationContext) ctx);
    }
    if (ctx instanceof ImmutableContext) {
      return cached(null, null, null, ctx, ctx);
    }
    return Conversions.toFlagsContext(ctx);
  }

  private dev.shipshape.flags.EvaluationContext convertLayered(LayeredEvaluationContext ctx)
      throws InvalidContextException {
    EvaluationContext api;
    EvaluationContext transaction;
    EvaluationContext client;
    EvaluationContext invocation;
    ArrayList<?> hooks;
    try {
      api = (EvaluationContext) API.get(ctx);
      transaction = (EvaluationContext) TRANSACTION.get(ctx);
      client = (EvaluationContext) CLIENT.get(ctx);
      invocation = (EvaluationContext) INVOCATION.get(ctx);
      hooks = (ArrayList<?>) HOOKS.get(ctx);
    } catch (RuntimeException e) {
      return Conversions.toFlagsContext(ctx);
    }
    if (hooks == null || hooks.isEmpty()) {
      // Only conversions of immutable layers are ever stored, so a hit needs no further check.
      Entry e = slots[slot(client, invocation)];
      if (e != null && e.holds(api, transaction, client, invocation)) {
        return e.converted;
      }
      if (immutable(api) && immutable(transaction) && immutable(client) && immutable(invocation)) {
        return cached(api, transaction, client, invocation, ctx);
      }
    }
    return convertLayers(ctx, api, transaction, client, invocation, hooks, null);
  }

  /** The slot of a conversion, chosen by the identities of the most specific layers. */
  private static int slot(
      @Nullable EvaluationContext client, @Nullable EvaluationContext invocation) {
    int h = System.identityHashCode(invocation) * 31 + System.identityHashCode(client);
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  private static boolean immutable(@Nullable EvaluationContext layer) {
    return layer == null || layer instanceof ImmutableContext;
  }

  /**
   * Folds one more layer into the search for the only non-empty layer: {@code layer} when it is
   * the first non-empty one, {@code found} when {@code layer} is empty, {@link #SEVERAL} once two
   * are non-empty. Reads each layer once and allocates nothing.
   */
  private static @Nullable EvaluationContext onlyNonEmpty(
      @Nullable EvaluationContext found, @Nullable EvaluationContext layer) {
    if (layer == null || layer.isEmpty()) {
      return found;
    }
    return found == null ? layer : SEVERAL;
  }

  private static void addLayer(List<EvaluationContext> layers, @Nullable EvaluationContext layer) {
    if (layer != null) {
      layers.add(layer);
    }
  }

  private dev.shipshape.flags.EvaluationContext cached(
      @Nullable EvaluationContext api,
      @Nullable EvaluationContext transaction,
      @Nullable EvaluationContext client,
      @Nullable EvaluationContext invocation,
      EvaluationContext whole)
      throws InvalidContextException {
    int slot = slot(client, invocation);
    Entry e = slots[slot];
    if (e != null && e.holds(api, transaction, client, invocation)) {
      return e.converted;
    }
    Reuse reuse = new Reuse();
    dev.shipshape.flags.EvaluationContext converted =
        convertLayers(whole, api, transaction, client, invocation, null, reuse);
    if (reuse.allowed) {
      // Entries are immutable, so a racing reader sees either the old entry or a whole new one.
      slots[slot] = new Entry(api, transaction, client, invocation, converted);
    }
    return converted;
  }

  /**
   * Converts the SDK's layers (each may be null) and hook contexts, given in increasing
   * precedence. The common case of at most one non-empty layer is read without any merging.
   */
  private static dev.shipshape.flags.EvaluationContext convertLayers(
      EvaluationContext whole,
      @Nullable EvaluationContext api,
      @Nullable EvaluationContext transaction,
      @Nullable EvaluationContext client,
      @Nullable EvaluationContext invocation,
      @Nullable ArrayList<?> hooks,
      @Nullable Reuse reuse)
      throws InvalidContextException {
    try {
      String targetingKey = whole.getTargetingKey();
      if (hooks == null || hooks.isEmpty()) {
        EvaluationContext only = onlyNonEmpty(null, api);
        only = onlyNonEmpty(only, transaction);
        only = onlyNonEmpty(only, client);
        only = onlyNonEmpty(only, invocation);
        if (only != SEVERAL) {
          return one(targetingKey, only, reuse);
        }
      }
      List<EvaluationContext> layers = new ArrayList<>(4 + (hooks == null ? 0 : hooks.size()));
      addLayer(layers, api);
      addLayer(layers, transaction);
      addLayer(layers, client);
      addLayer(layers, invocation);
      if (hooks != null) {
        for (Object h : hooks) {
          addLayer(layers, (EvaluationContext) h);
        }
      }
      return merge(targetingKey, layers, reuse);
    } catch (InvalidContextException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new InvalidContextException(
          "context could not be read: " + e.getClass().getSimpleName());
    }
  }

  /** Converts one layer's attributes (none when it is null). */
  private static dev.shipshape.flags.EvaluationContext one(
      @Nullable String targetingKey, @Nullable EvaluationContext layer, @Nullable Reuse reuse)
      throws InvalidContextException {
    dev.shipshape.flags.EvaluationContext.Builder builder = null;
    if (layer != null) {
      for (Map.Entry<String, Value> e : layer.asUnmodifiableMap().entrySet()) {
        String name = checkedName(e);
        if (!TARGETING_KEY.equals(name)) {
          builder = add(builder, targetingKey, name, e.getValue(), reuse);
        }
      }
    }
    return build(builder, targetingKey);
  }

  /**
   * Merges layers given in increasing precedence: an attribute comes from the last layer that
   * holds its name (a null value there makes it absent), and only that value is converted.
   */
  private static dev.shipshape.flags.EvaluationContext merge(
      @Nullable String targetingKey, List<EvaluationContext> layers, @Nullable Reuse reuse)
      throws InvalidContextException {
    int n = layers.size();
    List<Map<String, Value>> maps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      EvaluationContext layer = layers.get(i);
      maps.add(layer.isEmpty() ? Map.of() : layer.asUnmodifiableMap());
    }
    dev.shipshape.flags.EvaluationContext.Builder builder = null;
    for (int i = n - 1; i >= 0; i--) {
      for (Map.Entry<String, Value> e : maps.get(i).entrySet()) {
        String name = checkedName(e);
        if (!TARGETING_KEY.equals(name) && !heldAbove(maps, i, name)) {
          builder = add(builder, targetingKey, name, e.getValue(), reuse);
        }
      }
    }
    return build(builder, targetingKey);
  }

  private static String checkedName(Map.Entry<String, Value> e) throws InvalidContextException {
    String name = e.getKey();
    if (name == null) {
      throw new InvalidContextException("context attribute name was null");
    }
    return name;
  }

  /** Adds one converted attribute, creating the builder for the first one; nulls are absent. */
  private static dev.shipshape.flags.EvaluationContext.@Nullable Builder add(
      dev.shipshape.flags.EvaluationContext.@Nullable Builder builder,
      @Nullable String targetingKey,
      String name,
      @Nullable Value raw,
      @Nullable Reuse reuse)
      throws InvalidContextException {
    Object value = Conversions.fromValue(raw, name, 0, reuse);
    if (value == null) {
      return builder;
    }
    dev.shipshape.flags.EvaluationContext.Builder b =
        builder != null
            ? builder
            : dev.shipshape.flags.EvaluationContext.builder().targetingKey(targetingKey);
    Conversions.set(b, name, value);
    return b;
  }

  private static dev.shipshape.flags.EvaluationContext build(
      dev.shipshape.flags.EvaluationContext.@Nullable Builder builder,
      @Nullable String targetingKey) {
    if (builder != null) {
      return builder.build();
    }
    return targetingKey == null
        ? dev.shipshape.flags.EvaluationContext.empty()
        : dev.shipshape.flags.EvaluationContext.of(targetingKey);
  }

  private static boolean heldAbove(List<Map<String, Value>> maps, int layer, String name) {
    for (int j = layer + 1; j < maps.size(); j++) {
      if (maps.get(j).containsKey(name)) {
        return true;
      }
    }
    return false;
  }

  /** Set while converting when a value is found that could change after the context was built. */
  static final class Reuse {
    boolean allowed = true;
  }

  private static final class Entry {
    final @Nullable EvaluationContext api;
    final @Nullable EvaluationContext transaction;
    final @Nullable EvaluationContext client;
    final @Nullable EvaluationContext invocation;
    final dev.shipshape.flags.EvaluationContext converted;

    Entry(
        @Nullable EvaluationContext api,
        @Nullable EvaluationContext transaction,
        @Nullable EvaluationContext client,
        @Nullable EvaluationContext invocation,
        dev.shipshape.flags.EvaluationContext converted) {
      this.api = api;
      this.transaction = transaction;
      this.client = client;
      this.invocation = invocation;
      this.converted = converted;
    }

    /** Whether this is the conversion of exactly these layer instances. */
    boolean holds(
        @Nullable EvaluationContext api,
        @Nullable EvaluationContext transaction,
        @Nullable EvaluationContext client,
        @Nullable EvaluationContext invocation) {
      return this.invocation == invocation
          && this.client == client
          && this.transaction == transaction
          && this.api == api;
    }
  }
}
