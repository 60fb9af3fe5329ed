/**
 * Feature flags in the flagd definition format: definitions compiled once into evaluation trees,
 * flagd-exact fractional rollout, hot-reloaded sources that keep the last good set, typed
 * evaluation that never throws, overrides for tests and rollouts, and usage reports for flag
 * hygiene.
 *
 * <p>Start with {@link dev.shipshape.flags.Flags#builder()}.
 */
@NullMarked
package dev.shipshape.flags;

import org.jspecify.annotations.NullMarked;
