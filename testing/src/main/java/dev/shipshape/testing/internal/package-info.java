/** The extension's implementation; not for use outside this module. */
@org.jspecify.annotations.NullMarked
package dev.shipshape.testing.internal;
