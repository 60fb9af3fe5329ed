package dev.shipshape.flags.internal;

import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The effective flags of one reload or override, immutable. Lookup is by an open-addressing table
 * (linear probing, at most half full) that compares the interned key by identity before equality,
 * so a caller's literal key costs one hash, one array read and one comparison.
 */
final class Snapshot {
  static final Snapshot EMPTY = new Snapshot(new LinkedHashMap<>());

  private final CompiledFlag[] table;
  /** The flags in source order, for the flag set and the usage report. */
  final LinkedHashMap<String, CompiledFlag> ordered;

  Snapshot(LinkedHashMap<String, CompiledFlag> ordered) {
    int capacity = Integer.highestOneBit(Math.max(2, ordered.size()) * 2 - 1) << 1;
    CompiledFlag[] t = new CompiledFlag[capacity];
    for (CompiledFlag f : ordered.values()) {
      int i = spread(f.hash) & (capacity - 1);
      while (t[i] != null) {
        i = (i + 1) & (capacity - 1);
      }
      t[i] = f;
    }
    this.table = t;
    this.ordered = ordered;
  }

  /** Folds the high bits in, as HashMap does, since keys often differ only at the end. */
  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** The flag of {@code key}; null for an unknown or null key. */
  @Nullable CompiledFlag get(@Nullable String key) {
    if (key == null) {
      return null;
    }
    CompiledFlag[] t = table;
    int mask = t.length - 1;
    int h = key.hashCode();
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      CompiledFlag f = t[i];
      if (f == null || f.key == key || (f.hash == h && f.key.equals(key))) {
        return f;
      }
    }
  }
}
