package dev.shipshape.fleet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.time.internal.BoundedBody;
import dev.shipshape.time.internal.Shortened;
import dev.shipshape.time.internal.UrlRedaction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Prometheus' HTTP query API ({@code GET /api/v1/query}), as Prometheus, Thanos, Mimir and other
 * servers with the same API answer it. One question is one request, bounded by a timeout that
 * covers connecting, headers and body, and by a size limit on the answer.
 */
public final class PrometheusApi {

  /** The largest answer read; the gate's queries answer a few hundred bytes. */
  static final int MAX_ANSWER_BYTES = 1 << 20;

  /** The most characters of the server's own text (an error, a sample) a reason or log quotes. */
  static final int MAX_QUOTED_CHARS = 512;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String name;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final HttpClient client;

  /**
   * Creates a client of the server at {@code base}.
   *
   * @param base such as {@code http://prometheus:9090} or a Mimir prefix {@code
   *     http://mimir/prometheus}
   * @param timeout the longest a whole request may take
   * @param headers sent with every request (a tenant, an authorization)
   */
  public PrometheusApi(URI base, Duration timeout, Map<String, String> headers) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.name = UrlRedaction.uri(base);
    this.timeout = timeout;
    this.headers = Map.copyOf(headers);
    // no timeouts of the client's own: the one deadline below covers the whole exchange
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * The server's name in reasons and logs: its URL with user info and query values masked.
   *
   * @return such as {@code http://prometheus:9090}
   */
  public String name() {
    return name;
  }

  /**
   * Evaluates {@code promql} at the instant {@code at} and returns the samples of the instant
   * vector it yields.
   *
   * @param promql the expression
   * @param at the evaluation instant
   * @return the samples
   * @throws IOException when the server cannot be reached, answers late, answers an error or an
   *     answer that is not an instant vector; an answer over 1 MiB fails with an exception
   *     saying so ({@code http://prometheus:9090 answered more than 1048576 bytes}), whatever
   *     the framing of its body
   */
  public List<Sample> query(String promql, Instant at) throws IOException {
    String uri =
        "api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time=" + seconds(at);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(uri)).header("Accept", "application/json").GET();
    headers.forEach(request::header);
    IOException tooLarge =
        new IOException(name + " answered more than " + MAX_ANSWER_BYTES + " bytes");
    BoundedBody body = BoundedBody.upTo(MAX_ANSWER_BYTES, () -> tooLarge);
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.build(), i -> body);
    HttpResponse<byte[]> response;
    try {
      response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      body.cancel();
      exchange.cancel(true);
      throw new IOException(name + " did not answer within " + timeout);
    } catch (InterruptedException e) {
      body.cancel();
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while asking " + name);
    } catch (ExecutionException e) {
      if (e.getCause() == tooLarge) {
        throw tooLarge; // the server was asked; it names the server and the limit
      }
      throw new IOException(name + " could not be asked: " + e.getCause(), e.getCause());
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          name + " answered HTTP " + response.statusCode() + " with a body that is not JSON");
    }
    if (answer == null || !"success".equals(answer.path("status").asText())) {
      String error = answer == null ? "" : answer.path("error").asText("");
      throw new IOException(
          name + " answered HTTP " + response.statusCode()
              + (error.isEmpty() ? "" : ": " + quoted(error)));
    }
    JsonNode data = answer.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new IOException(
          name + " answered a " + data.path("resultType").asText("missing") + " result where an"
              + " instant vector was expected");
    }
    List<Sample> out = new ArrayList<>();
    for (JsonNode r : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : r.path("metric").properties()) {
        labels.put(f.getKey(), f.getValue().asText());
      }
      double value;
      try {
        value = Double.parseDouble(r.path("value").path(1).asText());
      } catch (NumberFormatException e) {
        throw new IOException(
            name + " answered a sample without a number: " + quoted(r.toString()));
      }
      out.add(new Sample(labels, value));
    }
    return out;
  }

  /**
   * {@code text} as reasons and logs quote what the server wrote: its first {@value
   * #MAX_QUOTED_CHARS} characters at most, the last three of them {@code ...} when it is longer
   * (an answer may be a mebibyte, and a rollout keeps its reasons).
   */
  static String quoted(String text) {
    return Shortened.text(text, MAX_QUOTED_CHARS);
  }

  /** An instant as Unix seconds with milliseconds, as the API takes it. */
  static String seconds(Instant at) {
    long millis = at.toEpochMilli();
    return String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
  }

  /**
   * One sample of an instant vector.
   *
   * @param labels its labels
   * @param value its value
   */
  public record Sample(Map<String, String> labels, double value) {}
}
