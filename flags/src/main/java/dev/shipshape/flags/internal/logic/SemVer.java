package dev.shipshape.flags.internal.logic;

import org.jspecify.annotations.Nullable;

/** Semantic versions as flagd's {@code sem_ver} reads them: optional v, partial, build ignored. */
final class SemVer implements Comparable<SemVer> {
  final long major;
  final long minor;
  final long patch;
  final String @Nullable [] pre;

  private SemVer(long major, long minor, long patch, String @Nullable [] pre) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
  }

  static @Nullable SemVer parse(@Nullable Object o) {
    if (!(o instanceof String)) {
      return null;
    }
    String s = ((String) o).trim();
    if (s.startsWith("v") || s.startsWith("V")) {
      s = s.substring(1);
    }
    int plus = s.indexOf('+');
    if (plus >= 0) {
      String build = s.substring(plus + 1);
      if (!validIdentifiers(build)) {
        return null;
      }
      s = s.substring(0, plus);
    }
    String[] pre = null;
    int dash = s.indexOf('-');
    if (dash >= 0) {
      String p = s.substring(dash + 1);
      if (!validIdentifiers(p)) {
        return null;
      }
      pre = p.split("\\.", -1);
      s = s.substring(0, dash);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length < 1 || parts.length > 3) {
      return null;
    }
    long[] nums = new long[3];
    for (int i = 0; i < parts.length; i++) {
      if (!isNumeric(parts[i]) || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
        return null;
      }
      if (parts[i].length() > 18) {
        return null;
      }
      nums[i] = Long.parseLong(parts[i]);
    }
    return new SemVer(nums[0], nums[1], nums[2], pre);
  }

  private static boolean validIdentifiers(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (String id : s.split("\\.", -1)) {
      if (id.isEmpty()) {
        return false;
      }
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isNumeric(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(SemVer o) {
    int c = Long.compare(major, o.major);
    if (c == 0) {
      c = Long.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, o.patch);
    }
    if (c != 0) {
      return c;
    }
    if (pre == null) {
      return o.pre == null ? 0 : 1;
    }
    if (o.pre == null) {
      return -1;
    }
    for (int i = 0; i < Math.min(pre.length, o.pre.length); i++) {
      String a = pre[i];
      String b = o.pre[i];
      boolean an = isNumeric(a);
      boolean bn = isNumeric(b);
      if (an && bn) {
        c = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
      } else if (an) {
        c = -1;
      } else if (bn) {
        c = 1;
      } else {
        c = a.compareTo(b);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pre.length, o.pre.length);
  }

  /** Applies a sem_ver operator; returns null when the operator is unknown. */
  static @Nullable Boolean apply(SemVer a, String op, SemVer b) {
    switch (op) {
      case "=":
        return a.compareTo(b) == 0;
      case "!=":
        return a.compareTo(b) != 0;
      case "<":
        return a.compareTo(b) < 0;
      case "<=":
        return a.compareTo(b) <= 0;
      case ">":
        return a.compareTo(b) > 0;
      case ">=":
        return a.compareTo(b) >= 0;
      case "^":
        return a.major == b.major;
      case "~":
        return a.major == b.major && a.minor == b.minor;
      default:
        return null;
    }
  }
}
