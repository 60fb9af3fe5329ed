package dev.shipshape.time.internal;

import java.net.URI;

/**
 * Names a URL without its secrets: the user info becomes {@code ***}, every query value becomes
 * {@code ***} (a query parameter without a value is replaced whole), and the fragment is left out.
 * Scheme, host, port, path and query parameter names stay, so the name still says where the server
 * is. For every module that names an HTTP server in logs, states and messages (a flag source, a
 * Prometheus server).
 */
public final class UrlRedaction {

  /** What replaces a secret. */
  public static final String MASK = "***";

  private UrlRedaction() {}

  /**
   * The URL with its user info and query values masked.
   *
   * @param uri the URL
   * @return the redacted form, safe for logs, states and health details
   */
  public static String uri(URI uri) {
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) {
      sb.append(uri.getScheme()).append(':');
    }
    if (uri.isOpaque()) {
      return sb.append(MASK).toString();
    }
    if (uri.getHost() == null && uri.getRawAuthority() != null) {
      // not a server: a password with a '/' ends the authority early, so mask by the text
      return location(uri.toString());
    }
    String authority = uri.getRawAuthority();
    if (authority != null) {
      sb.append("//");
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        sb.append(MASK).append('@').append(authority, at + 1, authority.length());
      } else {
        sb.append(authority);
      }
    }
    if (uri.getRawPath() != null) {
      sb.append(uri.getRawPath());
    }
    String query = uri.getRawQuery();
    if (query != null) {
      maskQuery(sb.append('?'), query);
    }
    return sb.toString();
  }

  /**
   * A URL given as text, possibly not a valid URI (a setting refused for that very reason), with
   * its secrets masked as {@link #uri} masks them: everything before the last {@code @} of the part
   * before the query becomes {@code ***} (so a password holding {@code /} or a space is masked
   * whole), every query value becomes {@code ***} and the fragment is left out. Text without
   * {@code ://} is returned as it is.
   *
   * @param location the text of a URL
   * @return the text, safe for logs, states and configuration problems
   */
  public static String location(String location) {
    int start = location.indexOf("://");
    if (start < 0) {
      return location;
    }
    start += 3;
    int fragment = location.indexOf('#', start);
    String rest = location.substring(start, fragment < 0 ? location.length() : fragment);
    int q = rest.indexOf('?');
    String beforeQuery = q < 0 ? rest : rest.substring(0, q);
    StringBuilder sb = new StringBuilder(location.substring(0, start));
    int at = beforeQuery.lastIndexOf('@');
    sb.append(at < 0 ? beforeQuery : MASK + beforeQuery.substring(at));
    if (q >= 0) {
      maskQuery(sb.append('?'), rest.substring(q + 1));
    }
    return sb.toString();
  }

  /** Appends {@code query} with every value (a parameter without one: the parameter) masked. */
  private static void maskQuery(StringBuilder sb, String query) {
    String[] params = query.split("&", -1);
    for (int i = 0; i < params.length; i++) {
      if (i > 0) {
        sb.append('&');
      }
      int eq = params[i].indexOf('=');
      if (eq >= 0) {
        sb.append(params[i], 0, eq).append('=').append(MASK);
      } else if (!params[i].isEmpty()) {
        sb.append(MASK);
      }
    }
  }

  /**
   * Removes every secret of {@code uri} from a text, such as an exception message that quotes the
   * URL.
   *
   * @param text the text
   * @param uri the URL whose secrets to remove
   * @return the text with the URL, its user info and its query replaced by their redacted forms
   */
  public static String text(String text, URI uri) {
    String out = text.replace(uri.toString(), uri(uri));
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      out = out.replace(userInfo, MASK);
      if (uri.getUserInfo() != null && !uri.getUserInfo().isEmpty()) {
        out = out.replace(uri.getUserInfo(), MASK);
      }
    }
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      out = out.replace(query, uri(URI.create("?" + query)).substring(1));
    }
    return out;
  }

  /**
   * Whether {@code text} holds any secret of {@code uri}.
   *
   * @param text the text
   * @param uri the URL
   * @return true when the user info or query appears in the text
   */
  public static boolean leaks(String text, URI uri) {
    return !text.equals(text(text, uri));
  }
}
