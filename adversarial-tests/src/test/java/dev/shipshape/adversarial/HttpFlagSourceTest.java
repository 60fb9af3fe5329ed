package dev.shipshape.adversarial;

import static dev.shipshape.adversarial.ScriptedServer.ok;
import static dev.shipshape.adversarial.ScriptedServer.readHead;
import static dev.shipshape.testsupport.RawHttp.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.flags.FlagLimits;
import dev.shipshape.flags.FlagSource;
import dev.shipshape.flags.Flags;
import dev.shipshape.flags.SourceState;
import dev.shipshape.flags.SourceStatus;
import dev.shipshape.time.ManualClock;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile HTTP servers behind {@code FlagSource.http}: every one is refused within the source's
 * timeout (500 ms here) with its exact error, the last good flags stay and the source is STALE.
 */
class HttpFlagSourceTest {

  static final String GOOD = FlagDocumentsTest.GOOD;
  static final int LIMIT = 64 * 1024;

  /**
   * Serves the good document to the first request and {@code hostile} to the next; checks the
   * refresh that meets it: its error (given the source's name), the state, the flags kept.
   */
  static Hostile served(
      String name, ScriptedServer.Script hostile, Function<String, String> expectedError) {
    return served(name, hostile, expectedError, server -> {});
  }

  static Hostile served(
      String name,
      ScriptedServer.Script hostile,
      Function<String, String> expectedError,
      java.util.function.Consumer<ScriptedServer> after) {
    return Hostile.of(
        name,
        () -> {
          try (ScriptedServer server =
              new ScriptedServer(
                  (n, in, out, s) -> {
                    if (n == 0) {
                      readHead(in);
                      write(out, ok(GOOD));
                    } else {
                      hostile.serve(n, in, out, s);
                    }
                  })) {
            FlagSource source =
                FlagSource.httpBuilder(server.uri("/flags.json"))
                    .pollInterval(Duration.ZERO)
                    .timeout(Duration.ofMillis(500))
                    .acknowledgePlainHttp()
                    .build();
            try (Flags flags =
                Flags.builder()
                    .clock(ManualClock.create())
                    .limits(new FlagLimits(LIMIT, 64, 100))
                    .source(source)
                    .build()) {
              assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
              flags.refresh();
              SourceState s = flags.sourceStates().get(0);
              assertThat(s.status()).isEqualTo(SourceStatus.STALE);
              assertThat(s.lastError()).isEqualTo(expectedError.apply(source.name()));
              assertThat(flags.stringValue("banner", "?")).isEqualTo("A");
            }
            after.accept(server);
          }
        });
  }

  static String timedOut(String name) {
    return "cannot read " + name + ": java.net.http.HttpTimeoutException: GET " + name
        + " did not complete within PT0.5S (headers and body)";
  }

  static String tooLarge(String name) {
    return "invalid flag definitions in " + name + " (1 problem)\n  - / was 'more than " + LIMIT
        + " bytes' but must be at most " + LIMIT + " bytes (maxDocumentBytes)";
  }

  static String failed(String name, String what) {
    return "cannot read " + name + ": java.io.IOException: GET " + name + " " + what;
  }

  static final List<Hostile> CASES = new ArrayList<>();

  static {
    CASES.add(served("an endless chunked body", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      byte[] chunk = new byte[8192];
      Arrays.fill(chunk, (byte) ' ');
      String size = Integer.toHexString(chunk.length) + "\r\n";
      while (true) {
        write(out, size);
        out.write(chunk);
        write(out, "\r\n");
        s.written.addAndGet(chunk.length);
      }
    }, HttpFlagSourceTest::tooLarge,
        // the client stops at the limit: socket buffers hold a few MB, the body has no end
        server -> assertThat(server.written.get()).isLessThan(32L << 20)));
    CASES.add(served("a body announced as 5 GB", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5368709120\r\n\r\n{\"flags\":");
      s.holdOpen();
    }, HttpFlagSourceTest::tooLarge));
    CASES.add(served("a body announced larger than the limit by one byte", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n");
      s.holdOpen();
    }, HttpFlagSourceTest::tooLarge));
    CASES.add(served("an unannounced body one byte over the limit", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + " ".repeat(LIMIT + 1));
    }, HttpFlagSourceTest::tooLarge));
    CASES.add(served("a body dripped a byte every 100 ms", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
      for (int i = 0; i < 100 && !s.pause(100); i++) {
        write(out, " ");
      }
    }, HttpFlagSourceTest::timedOut));
    CASES.add(served("headers dripped a byte every 100 ms", (n, in, out, s) -> {
      readHead(in);
      String head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
      for (int i = 0; i < head.length() && !s.pause(100); i++) {
        write(out, head.substring(i, i + 1));
      }
    }, HttpFlagSourceTest::timedOut));
    CASES.add(served("a body that stalls after the headers", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"flags\":");
      s.holdOpen();
    }, HttpFlagSourceTest::timedOut));
    CASES.add(served("a server that accepts and never answers", (n, in, out, s) -> {
      readHead(in);
      s.holdOpen();
    }, HttpFlagSourceTest::timedOut));
    CASES.add(served("a connection closed in the middle of the body", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"flags\":");
    }, name -> failed(name, "failed: java.io.IOException: fixed content-length: 1000, bytes"
        + " received: 9")));
    CASES.add(served("a connection closed before any answer", (n, in, out, s) -> {
      readHead(in);
    }, name -> failed(name, "failed: java.io.IOException: HTTP/1.1 header parser received no"
        + " bytes")));
    CASES.add(served("garbage instead of a status line", (n, in, out, s) -> {
      readHead(in);
      write(out, "HELLO THERE\r\n\r\n");
    }, name -> failed(name, "failed: java.net.ProtocolException: Invalid status line: \"HELLO"
        + " THERE\"")));
    CASES.add(served("a chunk size that is not hexadecimal", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
      s.holdOpen();
    }, name -> failed(name, "failed: java.io.IOException: Illegal character in chunk size: 122")));
    CASES.add(served("HTTP 500", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
    }, name -> failed(name, "answered HTTP 500")));
    CASES.add(served("HTTP 404 with an endless body", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n");
      while (true) {
        write(out, "4\r\nnope\r\n");
      }
    }, name -> failed(name, "answered HTTP 404")));
    CASES.add(served("a 304 to a request without If-None-Match", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 304 Not Modified\r\n\r\n");
    }, name -> failed(name, "answered HTTP 304 with no earlier document to keep")));
    CASES.add(served("a redirect to itself, forever", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 302 Found\r\nLocation: /flags.json\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n");
    }, name -> failed(name, "answered HTTP 302 (a redirect not followed: a loop, too many, or from"
        + " https to http)")));
    CASES.add(served("a redirect to a closed port", (n, in, out, s) -> {
      readHead(in);
      write(out, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/flags.json\r\n"
          + "Content-Length: 0\r\n\r\n");
    }, name -> failed(name, "failed: java.net.ConnectException")));
    CASES.add(
        served(
            "a body that is not UTF-8",
            (n, in, out, s) -> {
              readHead(in);
              byte[] latin1 =
                  "{\"flags\":{\"caf\u00e9\":{}}}"
                      .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
              write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + latin1.length + "\r\n\r\n");
              out.write(latin1);
              out.flush();
            },
            name -> "invalid flag definitions in " + name + " (1 problem)\n  - line 1, column 15"
                + " was 'byte 0xE9' but must be UTF-8 text"));
    CASES.add(served("a gzip bomb sent though the source asks for no encoding", (n, in, out, s) -> {
      // 16 MiB of spaces inflate from about 16 KB: refused by its encoding, never inflated
      if (!readHead(in).toLowerCase(java.util.Locale.ROOT).contains("accept-encoding: identity")) {
        write(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
      try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        gz.write("{\"flags\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 16; i++) {
          gz.write(spaces);
        }
      }
      write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip"
          + "\r\nContent-Length: " + zipped.size() + "\r\n\r\n");
      out.write(zipped.toByteArray());
      out.flush();
    }, name -> failed(name, "answered Content-Encoding 'gzip' but must answer the document"
        + " unencoded (it asks for Accept-Encoding: identity); the body was not read")));
    CASES.add(served("an HTML error page with status 200", (n, in, out, s) -> {
      readHead(in);
      write(out, ok("<html><body>Bad gateway</body></html>"));
    }, name -> "invalid flag definitions in " + name + " (1 problem)\n  - line 1, column 1 was"
        + " 'invalid JSON' but must be JSON: Unexpected character ('<'"
        + " (code 60)): expected a valid value (JSON String, Number, Array, Object or token"
        + " 'null', 'true' or 'false')"));
    CASES.add(served("an empty body", (n, in, out, s) -> {
      readHead(in);
      write(out, ok(""));
    }, name -> "invalid flag definitions in " + name + " (1 problem)\n  - / was 'null' but must"
        + " be a JSON object"));
    CASES.add(served("a header line of 1 MB", (n, in, out, s) -> {
      readHead(in);
      OutputStream o = out;
      write(o, "HTTP/1.1 200 OK\r\nX-Junk: " + "j".repeat(1 << 20)
          + "\r\nContent-Length: 2\r\n\r\n{}");
    }, name -> failed(name, "failed: java.net.ProtocolException: Header size too big: 393217 >"
        + " 393216")));
  }

  @TestFactory
  Stream<DynamicTest> hostileHttpServers() {
    return Hostile.run(CASES);
  }
}
