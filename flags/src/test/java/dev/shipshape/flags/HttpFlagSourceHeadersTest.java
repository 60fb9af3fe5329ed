package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import com.sun.net.httpserver.HttpServer;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP source's headers (a document behind authentication), against two real JDK HttpServers
 * on loopback: the source's origin and another one, on another port.
 */
class HttpFlagSourceHeadersTest {

  static final String TOKEN = "Bearer s3cr3t-t0ken";

  HttpServer origin;
  HttpServer other;

  /** The Authorization header of each request, by server, "none" when absent. */
  final List<String> atOrigin = new CopyOnWriteArrayList<>();

  final List<String> atOther = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    origin = server(atOrigin);
    other = server(atOther);
    origin.createContext(
        "/moved", ex -> redirect(ex, "/flags.json", atOrigin));
    origin.createContext(
        "/elsewhere", ex -> redirect(ex, base(other) + "/flags.json", atOrigin));
    origin.createContext("/loop", ex -> redirect(ex, "/loop", atOrigin));
    origin.start();
    other.start();
  }

  @AfterEach
  void stop() {
    origin.stop(0);
    other.stop(0);
  }

  /** A server whose /flags.json answers the document to a request with the token, 401 to others. */
  private static HttpServer server(List<String> seen) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(
        "/flags.json",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          seen.add(auth == null ? "none" : auth);
          if (!TOKEN.equals(auth)) {
            ex.sendResponseHeaders(401, -1);
          } else {
            byte[] bytes = FlagSourcesTest.doc("b").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(bytes);
            }
          }
          ex.close();
        });
    return s;
  }

  private static void redirect(
      com.sun.net.httpserver.HttpExchange ex, String location, List<String> seen)
      throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    seen.add(auth == null ? "none" : auth);
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static String base(HttpServer s) {
    return "http://127.0.0.1:" + s.getAddress().getPort();
  }

  private FlagSource source(String path) {
    return FlagSource.httpBuilder(URI.create(base(origin) + path))
        .acknowledgePlainHttp()
        .header("Authorization", TOKEN)
        .build();
  }

  @Test
  void theHeaderIsSentWithEveryRequestAndARedirectWithinTheOriginIsFollowed() throws IOException {
    assertThat(source("/flags.json").read()).isEqualTo(FlagSourcesTest.doc("b"));
    assertThat(source("/moved").read()).isEqualTo(FlagSourcesTest.doc("b"));
    assertThat(atOrigin).containsExactly(TOKEN, TOKEN, TOKEN);

    FlagSource without =
        FlagSource.httpBuilder(URI.create(base(origin) + "/flags.json")).build();
    assertThatThrownBy(without::read)
        .isInstanceOf(IOException.class)
        .hasMessage("GET " + base(origin) + "/flags.json answered HTTP 401");
  }

  @Test
  void aRedirectToAnotherOriginFailsTheReadAndTheHeaderNeverLeavesItsOrigin() {
    assertThatThrownBy(() -> source("/elsewhere").read())
        .isInstanceOf(IOException.class)
        .hasMessage(
            "GET " + base(origin) + "/elsewhere was redirected to " + base(other)
                + "/flags.json, another origin; a source with headers follows redirects within "
                + base(origin) + " only, so that its headers never reach another server")
        .hasMessageNotContaining("s3cr3t");
    assertThat(atOther).as("the other server was never asked").isEmpty();
    assertThat(atOrigin).containsExactly(TOKEN);

    // a source without headers follows it as Java's client does; it has nothing to give away
    assertThatThrownBy(
            () ->
                FlagSource.httpBuilder(URI.create(base(origin) + "/elsewhere"))
                    .build()
                    .read())
        .hasMessage("GET " + base(origin) + "/elsewhere answered HTTP 401");
    assertThat(atOther).containsExactly("none");
  }

  @Test
  void aRedirectLoopEndsAfterFiveRedirects() {
    assertThatThrownBy(() -> source("/loop").read())
        .isInstanceOf(IOException.class)
        .hasMessage("GET " + base(origin) + "/loop was redirected more than 5 times");
    assertThat(atOrigin).hasSize(6);
  }

  @Test
  void headersJavasClientWouldRefuseAreBadSettingsAndTheirValuesAreNeverShown() {
    assertThatThrownBy(
            () ->
                FlagSource.httpBuilder(URI.create("https://flags.example/flags.json"))
                    .header("Host", "flags.example")
                    .header("Authorization", "Bearer s3cr3t\r\nX-Injected: 1")
                    .header("X-Tenant", "shop")
                    .build())
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("flags.example'")
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .containsExactly(
            ConfigProblem.of(
                "headers",
                "***",
                "header 'Host' must be one Java's HTTP client sends, a token and not one it sets"
                    + " itself (Host, Connection, Content-Length...)"),
            ConfigProblem.of(
                "headers",
                "***",
                "header 'Authorization' must have a value without line breaks or other control"
                    + " characters"));
  }
}
