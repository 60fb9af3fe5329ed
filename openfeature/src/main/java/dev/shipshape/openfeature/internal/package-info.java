/** Conversions and status tracking behind {@link dev.shipshape.openfeature.ShipshapeProvider}. */
@NullMarked
package dev.shipshape.openfeature.internal;

import org.jspecify.annotations.NullMarked;
