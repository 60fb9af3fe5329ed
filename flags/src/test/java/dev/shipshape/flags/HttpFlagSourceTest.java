package dev.shipshape.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import com.sun.net.httpserver.HttpServer;
import dev.shipshape.time.ManualClock;
import dev.shipshape.time.config.ConfigProblem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP source against a real JDK HttpServer on loopback. */
class HttpFlagSourceTest {

  HttpServer server;
  volatile String body = FlagSourcesTest.doc("a");
  volatile String etag = "\"v1\"";
  volatile int status = 200;

  /** The {@code Retry-After} sent with a status other than 200, when not null. */
  volatile String retryAfter;

  final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
  final ManualClock clock = ManualClock.create();
  Flags flags;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/flags.json",
        ex -> {
          String inm = ex.getRequestHeaders().getFirst("If-None-Match");
          ifNoneMatch.add(String.valueOf(inm));
          if (huge) {
            // a chunked body of 256 MiB, far past the limit, counting what the client accepts
            ex.getResponseHeaders().add("ETag", "\"huge\"");
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (OutputStream out = ex.getResponseBody()) {
              for (int i = 0; i < 4096; i++) {
                out.write(chunk);
                hugeSent.addAndGet(chunk.length);
              }
            } catch (IOException clientGone) {
              // the client stopped reading at the limit
            }
          } else if (announceHuge) {
            // announces 5 GiB but sends only a little: refused by its Content-Length alone
            ex.sendResponseHeaders(200, 5L * 1024 * 1024 * 1024);
            try (OutputStream out = ex.getResponseBody()) {
              out.write("{\"flags\":".getBytes(StandardCharsets.UTF_8));
              // the JDK 25 server buffers the headers: without a flush, closing the exchange short
              // of its Content-Length drops the response unsent and the client just waits
              out.flush();
            } catch (IOException clientGone) {
              // expected
            }
          } else if (status != 200) {
            if (retryAfter != null) {
              ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            ex.sendResponseHeaders(status, -1);
          } else if (etag.equals(inm)) {
            ex.sendResponseHeaders(304, -1);
          } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("ETag", etag);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(bytes);
            }
          }
          ex.close();
        });
    server.createContext(
        "/stall",
        ex -> {
          // headers at once, a little of the body, then nothing until the test ends
          ex.sendResponseHeaders(200, 1000);
          OutputStream out = ex.getResponseBody();
          out.write("{\"flags\":".getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            stalled.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);

  @AfterEach
  void stop() {
    stalled.countDown();
    logs.close();
    if (flags != null) {
      flags.close();
    }
    server.stop(0);
  }

  private final dev.shipshape.testsupport.LogCapture logs =
      dev.shipshape.testsupport.LogCapture.all(ch.qos.logback.classic.Level.INFO);

  /** Bytes the {@code /huge} handler managed to send before the client stopped reading. */
  final java.util.concurrent.atomic.AtomicLong hugeSent =
      new java.util.concurrent.atomic.AtomicLong();

  volatile boolean huge;
  volatile boolean announceHuge;

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/flags.json");
  }

  @Test
  void pollsWithIfNoneMatchAndReloadsOnlyWhenTheEtagChanges() {
    List<FlagSetChange> changes = new CopyOnWriteArrayList<>();
    flags =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.http(uri(), Duration.ofSeconds(30), Duration.ofSeconds(5)))
            .listener(
                Listen.toChanges(changes::add))
            .build();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    clock.advance(Duration.ofSeconds(30));
    assertThat(ifNoneMatch).containsExactly("null", "\"v1\"");
    assertThat(changes).hasSize(1);

    body = FlagSourcesTest.doc("b");
    etag = "\"v2\"";
    clock.advance(Duration.ofSeconds(30));
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");
    assertThat(changes).hasSize(2);

    status = 503;
    clock.advance(Duration.ofSeconds(30));
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.STALE);
    assertThat(s.lastError()).contains("answered HTTP 503");
    assertThat(flags.stringValue("banner", "?")).isEqualTo("B");

    status = 200;
    clock.advance(Duration.ofSeconds(30));
    assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.FRESH);
    assertThat(ifNoneMatch.get(ifNoneMatch.size() - 1)).isEqualTo("\"v2\"");
  }

  @Test
  void aRetryAfterOn429Or503HoldsThePollsBackThatLongAtMostTenMinutes() {
    flags =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.http(uri(), Duration.ofSeconds(10), Duration.ofSeconds(5)))
            .build();
    assertThat(ifNoneMatch).hasSize(1);

    status = 503;
    retryAfter = "45";
    clock.advance(Duration.ofSeconds(10)); // answered 503, retry after 45 s
    assertThat(ifNoneMatch).hasSize(2);
    status = 200;
    clock.advance(Duration.ofSeconds(40)); // polls at 20, 30, 40 and 50 s held back
    assertThat(ifNoneMatch).hasSize(2);
    assertThat(flags.sourceStates().get(0).lastError()).contains("HTTP 503", "Retry-After 45");
    clock.advance(Duration.ofSeconds(10)); // 60 s: past 55 s, 45 s after the 503 at 10 s
    assertThat(ifNoneMatch).hasSize(3);
    assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.FRESH);

    // an HTTP date, and a wait longer than the cap of ten minutes
    status = 429;
    retryAfter =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plus(Duration.ofHours(2)).atOffset(java.time.ZoneOffset.UTC));
    clock.advance(Duration.ofSeconds(10)); // 70 s: answered 429
    assertThat(ifNoneMatch).hasSize(4);
    clock.advance(Duration.ofSeconds(590)); // 660 s: still held back
    assertThat(ifNoneMatch).hasSize(4);

    // a malformed one is a plain failure: polled as usual
    retryAfter = "soon";
    clock.advance(Duration.ofSeconds(10)); // 670 s: ten minutes after the 429
    assertThat(ifNoneMatch).hasSize(5);
    clock.advance(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(ifNoneMatch).hasSize(7);
  }

  @Test
  void anOversizedBodyIsRefusedWithTheLimitErrorAfterReadingNoMoreThanTheLimit() {
    // Regression: the whole body was read into a String before the limit was checked.
    List<SourceFailure> failures = new CopyOnWriteArrayList<>();
    flags =
        Flags.builder()
            .clock(clock)
            .limits(new FlagLimits(64 * 1024, 64, 100))
            .source(FlagSource.http(uri(), Duration.ofSeconds(30), Duration.ofSeconds(5)))
            .listener(
                Listen.toFailures(failures::add))
            .build();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    String limitError =
        "/ was 'more than 65536 bytes' but must be at most 65536 bytes (maxDocumentBytes)";

    huge = true;
    clock.advance(Duration.ofSeconds(30));
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.STALE);
    assertThat(s.lastError()).contains(limitError);
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    // socket buffers take a few MiB at most; reading everything would take all 256 MiB
    assertThat(hugeSent.get()).isLessThan(32L * 1024 * 1024);

    huge = false;
    announceHuge = true;
    clock.advance(Duration.ofSeconds(30));
    assertThat(flags.sourceStates().get(0).lastError()).contains(limitError);
    assertThat(failures).hasSize(2);
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
  }

  @Test
  void anUnreachableServerAtStartLeavesTheSourceNotLoaded() {
    server.stop(0);
    flags =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.http(uri(), Duration.ZERO, Duration.ofSeconds(2)))
            .build();
    assertThat(flags.sourceStates().get(0).status()).isEqualTo(SourceStatus.NOT_LOADED);
    assertThat(flags.stringValue("banner", "?")).isEqualTo("?");
  }

  @Test
  void optionsAreValidatedTogether() {
    assertThatThrownBy(
            () -> FlagSource.http(URI.create("ftp://x/y"), Duration.ofSeconds(-1), Duration.ZERO))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessage(
            "invalid HTTP flag source (3 problems)\n"
                + "  - uri was 'ftp://x/y' but must be an http or https URL\n"
                + "  - pollInterval was 'PT-1S' but must be zero or positive\n"
                + "  - timeout was 'PT0S' but must be positive")
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .extracting(ConfigProblem::setting)
        .containsExactly("uri", "pollInterval", "timeout");
  }

  @Test
  void aBadUrlIsReportedWithoutItsSecrets() {
    assertThatThrownBy(() -> FlagSource.http(URI.create("ftp://user:pa55@x/y?token=abc")))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageNotContaining("pa55")
        .hasMessageNotContaining("abc")
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .containsExactly(
            ConfigProblem.of("uri", "ftp://***@x/y?token=***", "must be an http or https URL"));
  }

  @Test
  void aUrlWhosePasswordHoldsASlashIsReportedWithoutIt() {
    // Regression: the '/' ended the authority early, so "user:a" and "/pa55@x" were not user info
    // and the refused URL was reported with the password in it
    assertThatThrownBy(() -> FlagSource.http(URI.create("https://user:a/pa55@x/y")))
        .isInstanceOf(FlagsConfigException.class)
        .hasMessageNotContaining("pa55")
        .extracting(e -> ((FlagsConfigException) e).problems(), list(ConfigProblem.class))
        .containsExactly(
            ConfigProblem.of("uri", "https://***@x/y", "must be an http or https URL"));
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsCutOffAtTheTimeout() {
    // Regression: the timeout covered the headers only; a server that sent them and then
    // stalled (or dripped the body) held build(), refresh() and overrides for as long as it liked.
    URI stall = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stall");
    flags =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                Flags.builder()
                    .clock(clock)
                    .source(FlagSource.http(stall, Duration.ZERO, Duration.ofMillis(500)))
                    .build());
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.status()).isEqualTo(SourceStatus.NOT_LOADED);
    assertThat(s.lastError())
        .isEqualTo(
            "cannot read " + stall + ": java.net.http.HttpTimeoutException: GET " + stall
                + " did not complete within PT0.5S (headers and body)");
  }

  @Test
  void credentialsAndQueryValuesNeverReachStatesFailuresOrLogs() {
    // Regression: user info and query string appeared in WARN logs, in the source state and
    // from there in health messages and JSON.
    status = 503;
    int port = server.getAddress().getPort();
    URI secret =
        URI.create(
            "http://deploy:s3cr3t@127.0.0.1:" + port + "/flags.json?access_token=tok&env=prod");
    List<SourceFailure> failures = new CopyOnWriteArrayList<>();
    FlagSource source = FlagSource.http(secret, Duration.ofSeconds(30), Duration.ofSeconds(5));
    flags =
        Flags.builder()
            .clock(clock)
            .source(source)
            .listener(
                Listen.toFailures(failures::add))
            .build();
    String redacted = "http://***@127.0.0.1:" + port + "/flags.json?access_token=***&env=***";
    assertThat(source.name()).isEqualTo(redacted);
    assertThat(source.toString()).isEqualTo("FlagSource.http(" + redacted + ")");
    SourceState s = flags.sourceStates().get(0);
    assertThat(s.sourceName()).isEqualTo(redacted);
    assertThat(s.lastError())
        .isEqualTo("cannot read " + redacted + ": java.io.IOException: GET " + redacted
            + " answered HTTP 503");
    assertThat(failures)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo(s.lastError()));
    server.stop(0);
    flags.refresh(); // a connection failure's message, from the JDK
    assertThat(flags.sourceStates().get(0).lastError()).startsWith("cannot read " + redacted);
    List<String> everything = new java.util.ArrayList<>();
    logs.events()
        .forEach(e -> everything.add(e.getFormattedMessage() + " " + e.getKeyValuePairs()));
    flags.sourceStates().forEach(st -> everything.add(st.toString()));
    failures.forEach(f -> everything.add(f.message() + " " + f.cause()));
    assertThat(everything)
        .hasSizeGreaterThan(4)
        .noneMatch(
            t -> t.contains("s3cr3t") || t.contains("=tok") || t.contains("=prod")
                || t.contains("deploy"));
  }

  @Test
  void plainHttpIsWarnedOnceAtStartUnlessAcknowledged() {
    flags = Flags.builder().clock(clock).source(FlagSource.http(uri())).build();
    assertThat(plainHttpWarnings()).singleElement().asString().contains(uri().toString());
    flags.close();
    logs.clear();
    flags =
        Flags.builder()
            .clock(clock)
            .source(FlagSource.httpBuilder(uri()).acknowledgePlainHttp().build())
            .build();
    assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
    assertThat(plainHttpWarnings()).isEmpty();
  }

  private List<String> plainHttpWarnings() {
    return logs.events().stream()
        .filter(
            e ->
                e.getFormattedMessage().startsWith("flag source ")
                    && e.getFormattedMessage().contains(" uses plain http"))
        .map(e -> e.getLevel() + " " + e.getFormattedMessage() + " " + e.getKeyValuePairs())
        .toList();
  }
}
