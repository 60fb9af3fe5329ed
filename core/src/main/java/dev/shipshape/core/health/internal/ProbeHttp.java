package dev.shipshape.core.health.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP/1.1 wire format of the {@link ProbeServer}: where a request head ends, what its request
 * line asks for, and a response's bytes ({@code Connection: close}, JSON, never cached).
 */
final class ProbeHttp {

  /** What a request asks for. */
  record Request(String method, String path) {}

  private ProbeHttp() {}

  /**
   * The end of a request head (after its blank line), or -1 while it is incomplete.
   *
   * @param b the bytes received
   * @param from where to resume the search (the bytes before it were searched already)
   * @param len how many bytes were received
   */
  static int headEnd(byte[] b, int from, int len) {
    for (int i = Math.max(0, from); i + 1 < len; i++) {
      if (b[i] == '\n'
          && (b[i + 1] == '\n' || (b[i + 1] == '\r' && i + 2 < len && b[i + 2] == '\n'))) {
        return i;
      }
    }
    return -1;
  }

  /** The request a head's request line makes, or null when it is no valid HTTP/1 request. */
  static @Nullable Request request(String head) {
    String[] line = head.split("\r?\n", 2)[0].split(" ", -1);
    if (line.length != 3 || !line[2].startsWith("HTTP/1.") || line[0].isEmpty()) {
      return null;
    }
    String path = path(line[1]);
    return path == null ? null : new Request(line[0], path);
  }

  /** The decoded path of a request target (origin or absolute form), or null if invalid. */
  private static @Nullable String path(String target) {
    if (target.isEmpty() || !(target.startsWith("/") || target.startsWith("http"))) {
      return null;
    }
    try {
      String p = new URI(target).getPath();
      if (p == null || p.isEmpty()) {
        return target.startsWith("/") ? null : "/";
      }
      return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** A response's bytes, ready to write: the head, then the body unless it answers a HEAD. */
  static ByteBuffer encode(ProbeServer.Response r) {
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder(160);
    h.append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
    h.append("Content-Type: application/json\r\n");
    h.append("Cache-Control: no-store\r\n");
    if (r.allow() != null) {
      h.append("Allow: ").append(r.allow()).append("\r\n");
    }
    h.append("Content-Length: ").append(body.length).append("\r\n");
    h.append("Connection: close\r\n\r\n");
    byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(head.length + (r.head() ? 0 : body.length));
    out.put(head);
    if (!r.head()) {
      out.put(body);
    }
    out.flip();
    return out;
  }

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 431:
        return "Request Header Fields Too Large";
      case 500:
        return "Internal Server Error";
      case 503:
        return "Service Unavailable";
      default:
        return "Status";
    }
  }
}
