package dev.shipshape.flags;

import dev.shipshape.flags.internal.source.ClasspathFlagSource;
import dev.shipshape.flags.internal.source.FileFlagSource;
import dev.shipshape.flags.internal.source.HttpFlagSource;
import dev.shipshape.flags.internal.source.MemoryFlagSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where flag definitions come from: a flagd-format document that {@link Flags} reads at start and
 * then re-reads every {@link #pollInterval()}. Implement it to read definitions from elsewhere.
 */
public interface FlagSource {

  /** The poll interval of file sources when none is given: five seconds. */
  Duration DEFAULT_FILE_POLL_INTERVAL = Duration.ofSeconds(5);

  /** The poll interval of HTTP sources when none is given: thirty seconds. */
  Duration DEFAULT_HTTP_POLL_INTERVAL = Duration.ofSeconds(30);

  /** The request timeout of HTTP sources when none is given: five seconds. */
  Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Names the source in states, failures and logs (a path, URL or resource name).
   *
   * @return the name
   */
  String name();

  /**
   * How often to re-read; zero means the source is read once (and when it signals a change).
   *
   * @return the poll interval, zero or positive
   */
  default Duration pollInterval() {
    return Duration.ZERO;
  }

  /**
   * Reads the current document. Several {@link Flags} may share one source, so a source should
   * return the full document on every call; {@link Flags} skips parsing when it is unchanged.
   *
   * @return the document text, or null to say "unchanged since your last read"
   * @throws IOException when the source cannot be read
   */
  @Nullable String read() throws IOException;

  /**
   * Registers a callback the source runs when it knows its content changed (in-memory sources
   * do); polling sources need not call it.
   *
   * @param onChange the callback
   */
  default void onChange(Runnable onChange) {}

  /**
   * Unregisters a callback given to {@link #onChange(Runnable)}; {@link Flags#close()} calls it,
   * so a long-lived source does not keep closed clients reachable. Sources that keep callbacks
   * should implement it; removing an unknown callback does nothing.
   *
   * @param onChange the callback, compared by identity
   */
  default void removeOnChange(Runnable onChange) {}

  /**
   * A file, polled every five seconds; a missing or invalid file keeps the last good flags.
   *
   * @param path the flagd-format JSON file
   * @return the source
   */
  static FlagSource file(Path path) {
    return file(path, DEFAULT_FILE_POLL_INTERVAL);
  }

  /**
   * A file, polled at the given interval.
   *
   * @param path the flagd-format JSON file
   * @param pollInterval how often to check the file; zero reads it once
   * @return the source
   * @throws FlagsConfigException when the poll interval is negative
   */
  static FlagSource file(Path path, Duration pollInterval) {
    return new FileFlagSource(path, pollInterval);
  }

  /**
   * A classpath resource, read once.
   *
   * @param resource the resource name, for example {@code flags.json} or {@code /flags.json}
   * @return the source
   * @throws FlagsConfigException when the name is empty
   */
  static FlagSource classpath(String resource) {
    return new ClasspathFlagSource(resource);
  }

  /**
   * An empty in-memory source whose flags are set programmatically; changes apply at once.
   *
   * @return the source
   */
  static InMemoryFlagSource inMemory() {
    return new MemoryFlagSource();
  }

  /**
   * An HTTP(S) URL polled every thirty seconds with {@code If-None-Match}.
   *
   * @param uri the URL of a flagd-format document
   * @return the source
   */
  static FlagSource http(URI uri) {
    return http(uri, DEFAULT_HTTP_POLL_INTERVAL, DEFAULT_HTTP_TIMEOUT);
  }

  /**
   * An HTTP(S) URL polled with {@code If-None-Match} (the server's ETag): a 304 costs no parsing.
   * After a 429 or 503 answer with a {@code Retry-After}, no poll sends a request before the time
   * it names, ten minutes at the most. The source is named by the URL without its user info and
   * query values.
   *
   * @param uri the URL of a flagd-format document
   * @param pollInterval how often to poll; zero reads once
   * @param timeout the longest one whole request may take: connecting, headers and body
   * @return the source
   * @throws FlagsConfigException listing every bad setting, as {@link HttpBuilder#build()} does
   */
  static FlagSource http(URI uri, Duration pollInterval, Duration timeout) {
    return httpBuilder(uri).pollInterval(pollInterval).timeout(timeout).build();
  }

  /**
   * A builder for an HTTP(S) source, for the options beyond the poll interval and timeout.
   *
   * @param uri the URL of a flagd-format document
   * @return a builder with the default poll interval and timeout
   */
  static HttpBuilder httpBuilder(URI uri) {
    return new HttpBuilder(uri);
  }

  /** Configures an HTTP(S) source; {@link #build()} reports every bad setting at once. */
  final class HttpBuilder {
    private final URI uri;
    private Duration pollInterval = DEFAULT_HTTP_POLL_INTERVAL;
    private Duration timeout = DEFAULT_HTTP_TIMEOUT;
    private boolean plainHttpAcknowledged;
    private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    private HttpBuilder(URI uri) {
      this.uri = java.util.Objects.requireNonNull(uri, "uri");
    }

    /**
     * How often to poll (default thirty seconds); zero reads once.
     *
     * @param pollInterval zero or positive
     * @return this builder
     */
    public HttpBuilder pollInterval(Duration pollInterval) {
      this.pollInterval = java.util.Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /**
     * The longest one whole request may take, from connecting to the last byte of the body
     * (default five seconds).
     *
     * @param timeout positive
     * @return this builder
     */
    public HttpBuilder timeout(Duration timeout) {
      this.timeout = java.util.Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Says that a plain {@code http://} URL is intended (a sidecar on loopback, a test server),
     * so {@link Flags} does not warn at start that anyone on the network path could change the
     * flag definitions it serves.
     *
     * @return this builder
     */
    public HttpBuilder acknowledgePlainHttp() {
      this.plainHttpAcknowledged = true;
      return this;
    }

    /**
     * Sends a header with every request, such as the {@code Authorization} of a document behind
     * authentication (flagd's {@code bearerToken} and {@code authHeader}); a header given again
     * replaces the earlier value. Values never appear in logs, errors or the source's name. With a
     * header set, the source follows a redirect only within its URL's origin (the same scheme, host
     * and port), so that the header never reaches another server: a redirect elsewhere fails the
     * read, naming where it led.
     *
     * @param name the header's name
     * @param value its value
     * @return this builder
     */
    public HttpBuilder header(String name, String value) {
      headers.put(
          java.util.Objects.requireNonNull(name, "name"),
          java.util.Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source
     * @throws FlagsConfigException listing every bad setting ({@code uri}, {@code pollInterval},
     *     {@code timeout}, {@code headers} that Java's HTTP client would refuse to send), the URL
     *     named without its secrets and header values never shown
     */
    public FlagSource build() {
      return new HttpFlagSource(uri, pollInterval, timeout, plainHttpAcknowledged, headers);
    }
  }
}
