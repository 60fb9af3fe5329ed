package dev.shipshape.flags;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A source that could not be read or whose content was rejected.
 *
 * @param sourceName the source's name
 * @param message what went wrong, including the validation problems if any
 * @param cause the exception, when there is one
 * @param since when the source started failing (the first failure of the current streak)
 */
public record SourceFailure(
    String sourceName, String message, @Nullable Throwable cause, Instant since) {}
