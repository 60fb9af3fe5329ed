package dev.shipshape.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the instant the test's manual clock starts at; without it the clock starts at {@code
 * ManualClock.DEFAULT_START} (2026-01-01T00:00:00Z). On a method it wins over the class; on a
 * nested class over its enclosing class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface StartAt {

  /**
   * The start instant in ISO-8601 form.
   *
   * @return for example {@code 2026-03-01T09:00:00Z}
   */
  String value();
}
