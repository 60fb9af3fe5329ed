package dev.shipshape.flags.internal;

import dev.shipshape.flags.FlagDefinition;
import dev.shipshape.flags.FlagSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable map of compiled flags plus the document's metadata. */
public final class CompiledFlagSet implements FlagSet {
  final Map<String, CompiledFlag> flags;
  private final Map<String, Object> metadata;

  CompiledFlagSet(LinkedHashMap<String, CompiledFlag> flags, Map<String, Object> metadata) {
    this.flags = Collections.unmodifiableMap(flags);
    this.metadata = metadata;
  }

  @Override
  public Set<String> keys() {
    return flags.keySet();
  }

  @Override
  public Optional<FlagDefinition> definition(String key) {
    return Optional.ofNullable(flags.get(key));
  }

  @Override
  public Map<String, Object> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "FlagSet" + flags.keySet();
  }
}
