package dev.shipshape.otelbridge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library version, filtered into a resource at build time. */
public final class Version {

  private static final String VERSION = load();

  private Version() {}

  /** The version of this artifact, such as {@code 0.1.0}; {@code unknown} if the resource is missing. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.isBlank() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
