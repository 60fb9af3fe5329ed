package dev.shipshape.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A Prometheus scrape target for one test: {@code GET /metrics} on a free loopback port answers
 * with the text exposition format that {@code scrape} returns at the time of each request.
 */
public final class ScrapeEndpoint {

  private ScrapeEndpoint() {}

  /**
   * Starts the endpoint; the caller stops it with {@code stop(0)}.
   *
   * @param scrape the exposition text, asked again on every request (such as {@code
   *     registry::scrape})
   * @return the started server; its port is {@code getAddress().getPort()}
   * @throws IOException if no loopback port can be bound
   */
  public static HttpServer start(Supplier<String> scrape) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
