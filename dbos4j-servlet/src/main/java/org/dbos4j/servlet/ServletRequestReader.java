package org.dbos4j.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.DBOSRequest;
import org.dbos4j.internal.serialize.SocketAddresses;
import org.jspecify.annotations.Nullable;

/**
 * Copies what a {@link DBOSRequest} holds out of a servlet request. It reads only what the client
 * sent before the body: reading the parameters of a form post would consume the body the handler is
 * about to read, so the query is parsed here from the raw query string.
 */
final class ServletRequestReader {

  /** What {@link URI} takes unencoded in a path or query: RFC 3986's characters but {@code #[]}. */
  private static final String URI_CHARACTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?";

  private ServletRequestReader() {}

  static DBOSRequest read(HttpServletRequest request, Map<String, String> pathParams) {
    String origin = origin(request);
    @Nullable String query = request.getQueryString();
    URI url =
        URI.create(
            origin
                + quoteForUri(request.getRequestURI())
                + (query == null ? "" : "?" + quoteForUri(query)));
    URI baseUrl = URI.create(origin + quoteForUri(request.getContextPath()));
    return new DBOSRequest(
        headers(request),
        pathParams,
        queryParams(query),
        url,
        baseUrl,
        client(request),
        cookies(request),
        request.getMethod());
  }

  /** {@code scheme://host:port}, with the port even where it is the scheme's default. */
  private static String origin(HttpServletRequest request) {
    String host = request.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return request.getScheme() + "://" + host + ":" + request.getServerPort();
  }

  private static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    @Nullable Enumeration<String> names = request.getHeaderNames();
    if (names == null) { // a container may withhold the headers
      return headers;
    }
    for (String name : Collections.list(names)) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return headers;
  }

  /** The query's parameters in order, each with all its values in order. */
  private static Map<String, List<String>> queryParams(@Nullable String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (query == null) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  /** Form decoding, as browsers encode queries; a malformed escape is kept as sent. */
  private static String decode(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return part;
    }
  }

  /**
   * The client's address. Containers report it as an IP literal, which resolves without a DNS
   * lookup; anything else (a Unix socket's name) is kept unresolved rather than looked up on the
   * request's thread.
   */
  private static @Nullable InetSocketAddress client(HttpServletRequest request) {
    @Nullable String address = request.getRemoteAddr();
    if (address == null || address.isEmpty()) {
      return null;
    }
    return SocketAddresses.withoutLookup(address, Math.max(request.getRemotePort(), 0));
  }

  /** The cookies by name; of several with one name, the first (the most specific path) wins. */
  private static Map<String, String> cookies(HttpServletRequest request) {
    Map<String, String> cookies = new LinkedHashMap<>();
    Cookie @Nullable [] sent = request.getCookies();
    if (sent != null) {
      for (Cookie cookie : sent) {
        cookies.putIfAbsent(cookie.getName(), cookie.getValue());
      }
    }
    return cookies;
  }

  /**
   * {@code raw} with every character that {@link URI} refuses percent-encoded as UTF-8. Containers
   * pass paths and queries on as the client sent them, and clients send characters such as {@code
   * {}|"} and spaces unencoded; escapes already present are kept.
   */
  private static String quoteForUri(String raw) {
    StringBuilder quoted = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      int next = i + Character.charCount(c);
      if (URI_CHARACTERS.indexOf(c) >= 0 || (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2))) {
        quoted.appendCodePoint(c);
      } else {
        for (byte b : raw.substring(i, next).getBytes(StandardCharsets.UTF_8)) {
          quoted.append(String.format("%%%02X", b & 0xFF));
        }
      }
      i = next;
    }
    return quoted.toString();
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }
}
