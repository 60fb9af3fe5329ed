package dev.shipshape.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/**
 * The HTTP API of a {@link PrometheusServer} as tests read it: GETs that must succeed, each
 * bounded by {@link PrometheusServer#REQUEST_TIMEOUT}, and their JSON as samples and label maps.
 */
final class PrometheusHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final HttpClient http;
  private final Supplier<String> serverLog;

  /**
   * Reads the API at {@code uri}.
   *
   * @param uri the server's base URI
   * @param http the client
   * @param serverLog the server's log so far, for failure messages
   */
  PrometheusHttp(URI uri, HttpClient http, Supplier<String> serverLog) {
    this.uri = uri;
    this.http = http;
    this.serverLog = serverLog;
  }

  /** The {@code data} member of the answer to GET {@code pathAndQuery}, which must succeed. */
  JsonNode get(String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve(pathAndQuery))
            .timeout(PrometheusServer.REQUEST_TIMEOUT)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "GET " + pathAndQuery + " failed; server log:\n" + serverLog.get(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + pathAndQuery, e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " answered " + response.body(), e);
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      Assertions.fail("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return body.path("data");
  }

  /** Whether the server answers ready, or empty while it does not (yet). */
  Optional<Boolean> ready() {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/-/ready"))
            .timeout(PrometheusServer.REQUEST_TIMEOUT)
            .GET()
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200 ? Optional.of(true) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The samples of a query's instant vector. */
  static List<PrometheusServer.Sample> samples(JsonNode data) {
    List<PrometheusServer.Sample> out = new ArrayList<>();
    for (JsonNode r : data.path("result")) {
      out.add(
          new PrometheusServer.Sample(
              strings(r.path("metric")), Double.parseDouble(r.path("value").path(1).asText())));
    }
    return out;
  }

  /** A JSON object of strings, such as a series' labels, in its order. */
  static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : object.properties()) {
      out.put(f.getKey(), f.getValue().asText());
    }
    return out;
  }

  /** {@code s} encoded as a query parameter. */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
