package dev.shipshape.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scrape target answers each request with what its supplier returns at that moment. */
class ScrapeEndpointTest {

  @Test
  void servesTheCurrentExpositionTextOnEveryScrape() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    HttpServer server =
        ScrapeEndpoint.start(() -> "requests_total " + scrapes.incrementAndGet() + "\n");
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> first = http.send(get, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second = http.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4");
      assertThat(first.body()).isEqualTo("requests_total 1\n");
      assertThat(second.body()).isEqualTo("requests_total 2\n");
    } finally {
      server.stop(0);
    }
  }
}
