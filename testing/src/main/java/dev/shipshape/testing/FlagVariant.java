package dev.shipshape.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves one variant of a flag to everyone for the annotated test, or for every test of the
 * annotated class, on top of the application's flag sources. The override is set before the
 * test's {@code @BeforeEach} methods and removed after the test, also when it fails. A flag or
 * variant the application does not define fails the test with a message naming the ones that
 * exist. A method's override of a flag wins over its class's (and a subclass's or nested class's
 * over the ones outside it); overriding one flag twice on the same class or method, with {@code
 * FlagVariant} or {@link FlagValue}, is ambiguous and fails the test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(FlagVariants.class)
public @interface FlagVariant {

  /**
   * The flag key.
   *
   * @return the key
   */
  String flag();

  /**
   * The variant to serve.
   *
   * @return a variant name the flag defines
   */
  String variant();
}
