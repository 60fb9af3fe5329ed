package dev.shipshape.slo;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of one burn-rate alert pair as of its last evaluation.
 *
 * @param alert the pair
 * @param firing whether both windows burn faster than the pair's factor (with enough events)
 * @param longBurnRate the burn rate seen over the long window
 * @param shortBurnRate the burn rate seen over the short window
 * @param shortWindowEvents the events seen in the short window
 * @param since when the pair started firing, or null when it is not firing
 */
public record AlertState(
    BurnRateAlert alert,
    boolean firing,
    double longBurnRate,
    double shortBurnRate,
    long shortWindowEvents,
    @Nullable Instant since) {}
