/** Implementation of the Spring Boot starter; not for use by applications. */
@NullMarked
package dev.shipshape.spring.internal;

import org.jspecify.annotations.NullMarked;
