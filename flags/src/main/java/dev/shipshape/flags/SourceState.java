package dev.shipshape.flags;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of one source as seen by {@link Flags}.
 *
 * @param sourceName the source's name
 * @param status fresh, stale or never loaded
 * @param lastLoaded when the source last produced a valid flag set, or null if never
 * @param staleSince when the current streak of failures started, or null when fresh
 * @param lastError the last failure's message, or null when fresh
 */
public record SourceState(
    String sourceName,
    SourceStatus status,
    @Nullable Instant lastLoaded,
    @Nullable Instant staleSince,
    @Nullable String lastError) {}
