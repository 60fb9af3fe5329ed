package dev.shipshape.spring.internal;

import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.time.config.ConfigProblem;
import dev.shipshape.time.internal.Problems;
import dev.shipshape.time.internal.UrlRedaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the locations in the properties point at: flag sources and OpenSLO files given as file
 * paths, {@code classpath:} resources or URLs. Each problem is added, under the property that gave
 * the location, to the problems of the assembly it serves.
 */
final class PropertyLocations {

  private static final String CLASSPATH = "classpath:";
  private static final String NO_RESOURCE = "no such classpath resource exists";

  /** The properties that set an HTTP source's settings other than its URL. */
  private static final Map<String, String> SOURCE_SETTINGS =
      Map.of(
          "pollInterval", "shipshape.flags.poll-interval",
          "timeout", "shipshape.flags.http-timeout",
          "headers", "shipshape.flags.http-headers");

  private final ClassLoader classLoader;
  private final Problems problems;

  PropertyLocations(ClassLoader classLoader, Problems problems) {
    this.classLoader = classLoader;
    this.problems = problems;
  }

  /**
   * The flag source {@code location} names (a file path, a {@code classpath:} resource or an
   * HTTP(S) URL), or null with its problems added under {@code property}.
   */
  @Nullable FlagSource flagSource(
      String property,
      String location,
      @Nullable Duration poll,
      Duration httpTimeout,
      Map<String, String> httpHeaders) {
    try {
      return newFlagSource(property, location, poll, httpTimeout, httpHeaders);
    } catch (FlagsConfigException e) {
      for (ConfigProblem p : e.problems()) {
        problems.add(SOURCE_SETTINGS.getOrDefault(p.setting(), property), p.value(), p.expected());
      }
      return null;
    }
  }

  private @Nullable FlagSource newFlagSource(
      String property,
      String location,
      @Nullable Duration poll,
      Duration httpTimeout,
      Map<String, String> httpHeaders) {
    if (location.isEmpty()) {
      problems.add(property, "", "must be a file path, classpath: resource or URL");
      return null;
    }
    if (location.startsWith(CLASSPATH)) {
      String resource = stripSlash(location.substring(CLASSPATH.length()));
      if (classLoader.getResource(resource) == null) {
        problems.add(property, location, NO_RESOURCE);
        return null;
      }
      return FlagSource.classpath(resource);
    }
    String scheme = scheme(location);
    if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
      problems.add(
          property,
          UrlRedaction.location(location),
          "must be a file path, classpath: resource or http(s) URL ("
              + scheme
              + " is not supported)");
      return null;
    }
    if (scheme != null) {
      URI uri;
      try {
        uri = URI.create(location);
      } catch (IllegalArgumentException e) {
        problems.add(property, UrlRedaction.location(location), "must be a valid URL");
        return null;
      }
      FlagSource.HttpBuilder http =
          FlagSource.httpBuilder(uri)
              .pollInterval(poll == null ? FlagSource.DEFAULT_HTTP_POLL_INTERVAL : poll)
              .timeout(httpTimeout);
      httpHeaders.forEach(http::header);
      return http.build();
    }
    Path path = path(property, location);
    if (path == null) {
      return null;
    }
    if (!Files.isRegularFile(path)) {
      problems.add(property, location, "no such file exists");
      return null;
    }
    return FlagSource.file(path, poll == null ? FlagSource.DEFAULT_FILE_POLL_INTERVAL : poll);
  }

  /**
   * The text of the file or {@code classpath:} resource {@code location} names, or null with its
   * problem added under {@code property}.
   */
  @Nullable String read(String property, String location) {
    if (location.isEmpty()) {
      problems.add(property, "", "must be a file path or classpath: resource");
      return null;
    }
    try {
      if (location.startsWith(CLASSPATH)) {
        String resource = stripSlash(location.substring(CLASSPATH.length()));
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
          if (in == null) {
            problems.add(property, location, NO_RESOURCE);
            return null;
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      Path path = path(property, location);
      return path == null ? null : Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(property, location, "could not be read (" + e + ")");
      return null;
    }
  }

  private static String stripSlash(String resource) {
    return resource.startsWith("/") ? resource.substring(1) : resource;
  }

  /**
   * The scheme of a URL location ({@code https} for {@code HTTPS://host/flags.json}), in lower
   * case as schemes are compared, or null when {@code location} has no {@code scheme://}: a file
   * path (also {@code C:\flags.json}) or a {@code file:} or {@code classpath:} location.
   */
  private static @Nullable String scheme(String location) {
    int end = location.indexOf("://");
    if (end < 1 || !Character.isLetter(location.charAt(0))) {
      return null;
    }
    for (int i = 1; i < end; i++) {
      char c = location.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
        return null;
      }
    }
    String scheme = location.substring(0, end).toLowerCase(Locale.ROOT);
    return scheme.equals("file") ? null : scheme;
  }

  /**
   * The file {@code location} names, or null with its problem added under {@code property} when
   * it cannot be a path on this file system (a NUL character; on Windows also {@code <>|?*}),
   * which {@link Path#of} would throw as an {@link InvalidPathException}.
   */
  private @Nullable Path path(String property, String location) {
    try {
      return Path.of(
          location.startsWith("file:") ? location.substring("file:".length()) : location);
    } catch (InvalidPathException e) {
      problems.add(property, location, "must be a valid file path (" + e.getReason() + ")");
      return null;
    }
  }
}
