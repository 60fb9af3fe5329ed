package dev.shipshape.spring.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * HTTP requests to the application a {@code @SpringBootTest} started on a random local port. Every
 * request has a timeout, so an application that never answers fails the test instead of hanging it.
 *
 * <p>The port is read at each request, so a test can build its instance in a field initializer,
 * before Spring injects {@code @LocalServerPort}: {@code RunningApp.onPort(() -> port)}.
 */
public final class RunningApp {

  /** How long a request waits for its response unless the test says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final IntSupplier port;
  private final Duration timeout;

  private RunningApp(IntSupplier port, Duration timeout) {
    this.port = port;
    this.timeout = timeout;
  }

  /** The application listening on {@code port}; requests wait {@link #DEFAULT_TIMEOUT}. */
  public static RunningApp onPort(IntSupplier port) {
    return new RunningApp(port, DEFAULT_TIMEOUT);
  }

  /** The same application, with requests that wait at most {@code timeout} for their response. */
  public RunningApp withTimeout(Duration timeout) {
    return new RunningApp(port, timeout);
  }

  /** {@code GET path}, the body read as a string. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** {@code GET path} sent without waiting: the response completes once the application answers. */
  public CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return HTTP.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST path} with a JSON body. */
  public HttpResponse<String> postJson(String path, String json)
      throws IOException, InterruptedException {
    return post(path, "application/json", json);
  }

  /** {@code POST path} with {@code body} sent as {@code contentType}. */
  public HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port.getAsInt() + path))
        .timeout(timeout);
  }
}
