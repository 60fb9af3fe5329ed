package dev.shipshape.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a value of a flag to everyone for the annotated test, or for every test of the annotated
 * class, on top of the application's flag sources; the value need not be one of the flag's
 * variants. The text is read according to the flag's type: {@code true} or {@code false} for a
 * boolean flag, the text itself for a string flag, a decimal number for a number flag, and JSON
 * for an object flag. Applied and removed like {@link FlagVariant}; a flag that does not exist or a
 * value of the wrong type fails the test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(FlagValues.class)
public @interface FlagValue {

  /**
   * The flag key.
   *
   * @return the key
   */
  String flag();

  /**
   * The value, as text.
   *
   * @return for example {@code true}, {@code eu-west}, {@code 25} or {@code {"limit": 3}}
   */
  String value();
}
