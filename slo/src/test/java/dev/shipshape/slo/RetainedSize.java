package dev.shipshape.slo;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Sums what an SLO's recording structure retains: the ring and every object of the slo module and
 * array reachable through its instance fields (an array counted as a 16-byte header plus its
 * elements); other objects it points to (the ticker, the lock) are counted shallow.
 */
final class RetainedSize {
  private RetainedSize() {}

  static long of(Slo slo) {
    try {
      Field ring = Slo.class.getDeclaredField("ring");
      ring.setAccessible(true);
      return arrays(ring.get(slo), new IdentityHashMap<>());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static long ofRing(Object ring) {
    try {
      return arrays(ring, new IdentityHashMap<>());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static long arrays(Object o, Map<Object, Boolean> seen) throws IllegalAccessException {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return 0;
    }
    Class<?> c = o.getClass();
    if (c.isArray()) {
      int n = Array.getLength(o);
      Class<?> component = c.getComponentType();
      if (component == long.class || component == double.class) {
        return 16 + 8L * n;
      }
      if (component.isPrimitive()) {
        return 16 + 4L * n;
      }
      long sum = 16 + 4L * n;
      for (int i = 0; i < n; i++) {
        sum += arrays(Array.get(o, i), seen);
      }
      return sum;
    }
    long sum = 16;
    if (!c.getName().startsWith("dev.shipshape.slo.")) {
      // A JDK or time-module object (the ticker, the rotation lock): its own fields only.
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          sum += f.getType().isPrimitive() ? 8 : 4;
        }
      }
      return sum;
    }
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
        sum += f.getType().isPrimitive() ? 8 : 0;
        continue;
      }
      f.setAccessible(true);
      sum += 4 + arrays(f.get(o), seen);
    }
    return sum;
  }
}
