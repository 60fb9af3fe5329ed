package dev.shipshape.flags;

/**
 * A source's status changed, as told to {@link FlagListener#sourceStateChanged}.
 *
 * @param previous the status before the change
 * @param current the source's state now; {@code current.status()} differs from {@code previous}
 */
public record SourceStateChange(SourceStatus previous, SourceState current) {}
