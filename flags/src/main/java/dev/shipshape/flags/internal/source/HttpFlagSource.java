package dev.shipshape.flags.internal.source;

import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A flagd-format document at an HTTP(S) URL, polled with {@code If-None-Match}. A body larger than
 * the document limit is refused by its {@code Content-Length}, or once the limit has been read.
 */
public final class HttpFlagSource implements FlagSource, BoundedSource {
  private final URI uri;
  private final Duration pollInterval;
  private final Duration timeout;
  private final HttpClient client;
  private @Nullable String etag;
  private @Nullable String body;

  /**
   * Creates the source.
   *
   * @param uri the http or https URL
   * @param pollInterval how often to poll, zero or positive
   * @param timeout connect and request timeout, positive
   */
  public HttpFlagSource(URI uri, Duration pollInterval, Duration timeout) {
    this.uri = Objects.requireNonNull(uri, "uri");
    List<String> problems = new ArrayList<>();
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      problems.add("uri was '" + uri + "' but must be an http or https URL");
    }
    if (pollInterval.isNegative()) {
      problems.add("pollInterval was '" + pollInterval + "' but must be zero or positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add("timeout was '" + timeout + "' but must be positive");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    this.pollInterval = pollInterval;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public String name() {
    return uri.toString();
  }

  @Override
  public Duration pollInterval() {
    return pollInterval;
  }

  @Override
  public @Nullable String read() throws IOException {
    return read(FlagLimits.DEFAULT_MAX_DOCUMENT_BYTES);
  }

  @Override
  public synchronized @Nullable String read(long maxBytes) throws IOException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
    if (etag != null) {
      req.header("If-None-Match", etag);
    }
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + uri, e);
    }
    String text;
    try (InputStream in = resp.body()) {
      if (resp.statusCode() == 304 && body != null) {
        return body;
      }
      if (resp.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered HTTP " + resp.statusCode());
      }
      long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1L);
      if (length > maxBytes) {
        throw new TooLargeException(
            "GET " + uri + " announced " + length + " bytes, more than " + maxBytes);
      }
      text = BoundedSource.readBounded(in, maxBytes, "GET " + uri);
    }
    etag = resp.headers().firstValue("ETag").orElse(null);
    body = etag == null ? null : text;
    return text;
  }

  @Override
  public String toString() {
    return "FlagSource.http(" + uri + ")";
  }
}
