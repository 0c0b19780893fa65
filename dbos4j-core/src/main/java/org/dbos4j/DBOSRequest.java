package org.dbos4j;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP request being handled, as {@link DBOS#request()} returns it: set by an HTTP integration
 * (such as {@code dbos4j-servlet}'s filter) for the code that handles the request, and recorded
 * with each workflow started there, so that the workflow sees it again after recovery.
 *
 * <p>The maps are immutable; header names are case-insensitive ({@code headers().get("accept")}
 * finds {@code Accept}). A header or query parameter given several times keeps every value in
 * order.
 *
 * @param headers the request headers, by case-insensitive name
 * @param pathParams the path parameters, where the web framework exposes them; else empty
 * @param queryParams the query parameters
 * @param url the full URL the request was sent to, with its query
 * @param baseUrl the URL of the application: scheme, host, port and context path
 * @param client the address of the client that sent the request, or null if unknown
 * @param cookies the request's cookies, by name
 * @param method the HTTP method, such as {@code GET}
 */
public record DBOSRequest(
    Map<String, List<String>> headers,
    Map<String, String> pathParams,
    Map<String, List<String>> queryParams,
    URI url,
    URI baseUrl,
    @Nullable InetSocketAddress client,
    Map<String, String> cookies,
    String method) {

  public DBOSRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(method, "method");
    TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> byName.merge(name, List.copyOf(values), DBOSRequest::concat));
    headers = Collections.unmodifiableSortedMap(byName);
    pathParams = immutableCopy(pathParams);
    LinkedHashMap<String, List<String>> query = new LinkedHashMap<>();
    queryParams.forEach((name, values) -> query.put(name, List.copyOf(values)));
    queryParams = Collections.unmodifiableMap(query);
    cookies = immutableCopy(cookies);
  }

  /** The first value of a header (case-insensitive name), or null if the request has none. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    ArrayList<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** Keeps the caller's order, unlike {@link Map#copyOf}. */
  private static Map<String, String> immutableCopy(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
