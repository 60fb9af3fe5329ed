package dev.shipshape.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.shipshape.core.Shipshape;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code shipshape.flags.http-headers.<name>}: headers sent with every request to a URL flag
 * source, here a real JDK server on loopback that serves its document only with the token.
 */
class FlagSourceHeadersPropertiesTest {

  private static final String TOKEN = "Bearer s3cr3t-t0ken";
  private static final String FLAGS =
      "{\"flags\":{\"greeting\":{\"state\":\"ENABLED\",\"variants\":{\"hello\":\"hello\"},"
          + "\"defaultVariant\":\"hello\"}}}";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ShipshapeAutoConfiguration.class))
          .withBean(ManualClock.class, ManualClock::create);

  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/flags.json",
        exchange -> {
          try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            if (!TOKEN.equals(auth)) {
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            byte[] body = FLAGS.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/flags.json";
  }

  @Test
  void aUrlSourceSendsTheHeadersAndLoadsTheDocumentBehindThem() {
    runner
        .withPropertyValues(
            "shipshape.flags.sources=" + url(),
            "shipshape.flags.http-headers.authorization=" + TOKEN)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Shipshape ship = context.getBean(Shipshape.class);
              assertThat(ship.flags().stringValue("greeting", "none")).isEqualTo("hello");
              assertThat(authorizations).containsOnly(TOKEN);
            });
    // without the header the same server refuses it, and the caller's default is served
    runner
        .withPropertyValues("shipshape.flags.sources=" + url())
        .run(
            context ->
                assertThat(
                        context.getBean(Shipshape.class).flags().stringValue("greeting", "none"))
                    .isEqualTo("none"));
  }

  @Test
  void aHeaderJavasClientWouldRefuseFailsStartupNamingThePropertyAndNeverItsValue() {
    runner
        .withPropertyValues(
            "shipshape.flags.sources=" + url(),
            "shipshape.flags.http-headers.authorization=Bearer s3cr3t\nX-Injected: 1")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable root = context.getStartupFailure();
              while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
              }
              assertThat(root).isInstanceOf(InvalidShipshapePropertiesException.class);
              assertThat(((InvalidShipshapePropertiesException) root).problems())
                  .extracting(ConfigProblem::message)
                  .containsExactly(
                      "shipshape.flags.http-headers was '***' but header 'authorization' must"
                          + " have a value without line breaks or other control characters");
              assertThat(root).hasMessageNotContaining("s3cr3t");
              assertThat(authorizations).isEmpty();
            });
  }
}
