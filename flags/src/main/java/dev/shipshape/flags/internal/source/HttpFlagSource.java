package dev.shipshape.flags.internal.source;

import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.FlagsConfigException;
import dev.shipshape.time.Ticker;
import dev.shipshape.time.internal.BoundedBody;
import dev.shipshape.time.internal.Problems;
import dev.shipshape.time.internal.SendableHeaders;
import dev.shipshape.time.internal.UrlRedaction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A flagd-format document at an HTTP(S) URL, polled with {@code If-None-Match}. The whole exchange,
 * from connecting to the last byte of the body, must finish within the timeout; a body larger than
 * the document limit is refused by its {@code Content-Length}, or once the limit has been received,
 * and the connection is dropped. An HTTP 429 or 503 answer with a {@code Retry-After} fails with a
 * {@link RetryAfterException}, after which the poller waits. The source is named by its URL without
 * user info or query values.
 */
public final class HttpFlagSource implements FlagSource, BoundedSource {
  /** The most redirects a source with headers follows in one read (Java's client follows five). */
  private static final int MAX_REDIRECTS = 5;

  /** The timeout bounds real I/O: it is measured in real time, whatever the application's clock. */
  private static final Ticker REAL_TIME = Ticker.system();

  private final URI uri;
  private final String name;
  private final Duration pollInterval;
  private final Duration timeout;
  private final boolean plainHttpAcknowledged;
  private final Map<String, String> headers;
  private final HttpClient client;
  private @Nullable String etag;
  private @Nullable String body;

  /**
   * Creates the source.
   *
   * @param uri the http or https URL
   * @param pollInterval how often to poll, zero or positive
   * @param timeout the longest a whole request may take, positive
   * @param plainHttpAcknowledged whether a plain {@code http} URL is intended (no warning)
   * @param headers sent with every request; with any, redirects are followed within the URL's
   *     origin only
   * @throws FlagsConfigException listing every bad setting ({@code uri}, {@code pollInterval},
   *     {@code timeout}, {@code headers}); the URL is named without its secrets, header values
   *     never
   */
  public HttpFlagSource(
      URI uri,
      Duration pollInterval,
      Duration timeout,
      boolean plainHttpAcknowledged,
      Map<String, String> headers) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.name = UrlRedaction.uri(uri);
    Problems problems = new Problems();
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      problems.add("uri", name, "must be an http or https URL");
    }
    if (pollInterval.isNegative()) {
      problems.add("pollInterval", pollInterval, "must be zero or positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add("timeout", timeout, "must be positive");
    }
    SendableHeaders.check(headers, problems);
    problems.throwIfAny(p -> new FlagsConfigException("HTTP flag source", p));
    this.pollInterval = pollInterval;
    this.timeout = timeout;
    this.plainHttpAcknowledged = plainHttpAcknowledged;
    this.headers = Map.copyOf(headers);
    // No timeouts of the client's own: the one deadline below covers connecting, headers and body
    // of every request of a read. Java's client would send the headers on to wherever a redirect
    // leads, so with headers the source follows redirects itself, within the URL's origin.
    this.client =
        HttpClient.newBuilder()
            .followRedirects(
                this.headers.isEmpty() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * Whether the URL is plain {@code http} and nobody said that is intended: anyone on the network
   * path could then change the flag definitions it serves.
   *
   * @return true when a warning is due
   */
  public boolean unacknowledgedPlainHttp() {
    return "http".equalsIgnoreCase(uri.getScheme()) && !plainHttpAcknowledged;
  }

  /**
   * The longest a whole request may take.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public @Nullable String read() throws IOException {
    return read(FlagLimits.DEFAULT_MAX_DOCUMENT_BYTES);
  }

  @Override
  public synchronized @Nullable String read(long maxBytes) throws IOException {
    long deadline = REAL_TIME.read() + timeout.toNanos();
    URI at = uri;
    HttpResponse<byte[]> resp = get(at, maxBytes, deadline);
    for (int redirects = 0; !headers.isEmpty() && isRedirect(resp.statusCode()); redirects++) {
      at = sameOriginTarget(at, resp, redirects);
      resp = get(at, maxBytes, deadline);
    }
    int status = resp.statusCode();
    if (status == 304 && body != null) {
      return body;
    }
    if (status == 304) {
      throw new IOException(
          "GET " + name + " answered HTTP 304 with no earlier document to keep");
    }
    if (status / 100 == 3) {
      throw new IOException(
          "GET " + name + " answered HTTP " + status
              + " (a redirect not followed: a loop, too many, or from https to http)");
    }
    if (status != 200) {
      RetryAfterException wait =
          status == 429 || status == 503
              ? RetryAfterException.of(
                  name, status, resp.headers().firstValue("Retry-After").orElse(null))
              : null;
      if (wait != null) {
        throw wait;
      }
      throw new IOException("GET " + name + " answered HTTP " + status);
    }
    String encoding = contentEncoding(resp.headers());
    if (encoding != null) {
      throw new IOException(
          "GET " + name + " answered Content-Encoding '" + encoding
              + "' but must answer the document unencoded (it asks for Accept-Encoding:"
              + " identity); the body was not read");
    }
    String text = BoundedSource.decode(resp.body());
    etag = resp.headers().firstValue("ETag").orElse(null);
    body = etag == null ? null : text;
    return text;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * Where a redirect of a source with headers leads: its {@code Location}, if it stays within the
   * URL's origin, so that the headers never reach another server.
   */
  private URI sameOriginTarget(URI from, HttpResponse<byte[]> resp, int redirects)
      throws IOException {
    if (redirects >= MAX_REDIRECTS) {
      throw new IOException(
          "GET " + name + " was redirected more than " + MAX_REDIRECTS + " times");
    }
    String location = resp.headers().firstValue("Location").orElse(null);
    URI to;
    try {
      to = location == null ? null : from.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      to = null;
    }
    if (to == null) {
      throw new IOException(
          "GET " + name + " answered HTTP " + resp.statusCode() + " without a usable Location");
    }
    if (!sameOrigin(uri, to)) {
      throw new IOException(
          "GET " + name + " was redirected to " + UrlRedaction.uri(to)
              + ", another origin; a source with headers follows redirects within "
              + origin(uri) + " only, so that its headers never reach another server");
    }
    return to;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return origin(a).equalsIgnoreCase(origin(b));
  }

  /** Scheme, host and port, the port made explicit. */
  private static String origin(URI u) {
    String scheme = String.valueOf(u.getScheme());
    int port = u.getPort() != -1 ? u.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
    return scheme + "://" + u.getHost() + ":" + port;
  }

  /** One request of a read, within what is left of the read's deadline. */
  private HttpResponse<byte[]> get(URI at, long maxBytes, long deadline) throws IOException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(at)
            .header("Accept", "application/json")
            .header("Accept-Encoding", "identity")
            .GET();
    headers.forEach(req::header);
    if (etag != null) {
      req.header("If-None-Match", etag);
    }
    Bounded handler = new Bounded(maxBytes);
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(req.build(), handler);
    try {
      return exchange.get(Math.max(0, deadline - REAL_TIME.read()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      handler.abort();
      exchange.cancel(true);
      throw new HttpTimeoutException(
          "GET " + name + " did not complete within " + timeout + " (headers and body)");
    } catch (InterruptedException e) {
      handler.abort();
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + name);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /**
   * The {@code Content-Encoding} of a response, or null when its body is the document as is: the
   * source asks for none and decodes none, so a compressed body is refused unread, never inflated.
   */
  private static @Nullable String contentEncoding(java.net.http.HttpHeaders headers) {
    String encoding = String.join(", ", headers.allValues("Content-Encoding")).trim();
    return encoding.isEmpty() || encoding.equalsIgnoreCase("identity") ? null : encoding;
  }

  /** What the exchange failed with, its message free of the URL's secrets. */
  private IOException failure(@Nullable Throwable cause) {
    if (cause instanceof TooLargeException) {
      return (TooLargeException) cause;
    }
    String text = String.valueOf(cause);
    boolean leaks = false;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      leaks |= UrlRedaction.leaks(String.valueOf(t.getMessage()), uri);
    }
    String message = "GET " + name + " failed: " + UrlRedaction.text(text, uri);
    if (cause instanceof HttpTimeoutException) {
      return new HttpTimeoutException(message);
    }
    IOException out = new IOException(message);
    if (cause != null && !leaks) {
      out.initCause(cause);
    }
    return out;
  }

  @Override
  public String toString() {
    return "FlagSource.http(" + name + ")";
  }

  /**
   * Collects a 200 body up to the limit, refusing it (and dropping the connection) by its
   * {@code Content-Length} or as soon as more arrives; other statuses' bodies and encoded
   * (compressed) bodies are not read.
   */
  private final class Bounded implements HttpResponse.BodyHandler<byte[]> {
    private final long maxBytes;
    private volatile @Nullable BoundedBody body;

    Bounded(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    void abort() {
      BoundedBody b = body;
      if (b != null) {
        b.cancel();
      }
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      BoundedBody b;
      long length = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
      if (info.statusCode() != 200 || contentEncoding(info.headers()) != null) {
        b = BoundedBody.discarding();
      } else if (length > maxBytes) {
        b =
            BoundedBody.refusing(
                new TooLargeException(
                    "GET " + name + " announced " + length + " bytes, more than " + maxBytes));
      } else {
        long limit = Math.min(maxBytes, BoundedBody.MAX_LIMIT);
        b =
            BoundedBody.upTo(
                limit,
                () -> new TooLargeException("GET " + name + " is larger than " + limit + " bytes"));
      }
      body = b;
      return b;
    }
  }
}
