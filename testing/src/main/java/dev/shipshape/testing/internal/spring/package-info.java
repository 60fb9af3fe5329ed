/**
 * Spring's side of the test support, loaded by Spring's test context only (through {@code
 * META-INF/spring.factories}) when spring-test is on the class path.
 */
@NullMarked
package dev.shipshape.testing.internal.spring;

import org.jspecify.annotations.NullMarked;
