/**
 * Progressive rollouts gated by SLOs: a rollout moves a flag's two-way {@code fractional} split
 * through percentage steps on the application's scheduler, and halts (optionally rolling back to
 * zero) when an SLO's page alert fires or its error budget runs out.
 *
 * <p>Define one with {@link dev.shipshape.core.rollout.RolloutConfig#builder(String)} (or the
 * facade's {@code rollout(flagKey, options)}) and control it through {@link
 * dev.shipshape.core.rollout.Rollout}.
 */
@org.jspecify.annotations.NullMarked
package dev.shipshape.core.rollout;
