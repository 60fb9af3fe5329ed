package dev.shipshape.time.internal;

import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Checks the headers a user gives one of the library's HTTP clients (an HTTP flag source, a fleet
 * gate) when it is built: a header Java's HTTP client would refuse at every request would fail
 * each one with the client's message, which quotes the value (a token) into logs. Values are never
 * quoted; the problem is under the setting {@code headers}, its value shown as {@code ***}.
 */
public final class SendableHeaders {

  private SendableHeaders() {}

  /**
   * Adds a problem for each header Java's HTTP client would refuse to send.
   *
   * @param headers the headers, by name
   * @param problems where the problems go
   */
  public static void check(Map<String, String> headers, Problems problems) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String header = "header '" + h.getKey() + "'";
      if (!sendable(h.getKey(), "x")) {
        problems.add(
            "headers",
            "***",
            header + " must be one Java's HTTP client sends, a token and not one it sets itself"
                + " (Host, Connection, Content-Length...)");
      } else if (!sendable(h.getKey(), h.getValue())) {
        problems.add(
            "headers",
            "***",
            header + " must have a value without line breaks or other control characters");
      }
    }
  }

  /** Whether Java's HTTP client sends the header; only whether: its refusal quotes the value. */
  private static boolean sendable(String name, String value) {
    try {
      HttpRequest.newBuilder().header(name, value);
      return true;
    } catch (IllegalArgumentException refused) {
      return false;
    }
  }
}
