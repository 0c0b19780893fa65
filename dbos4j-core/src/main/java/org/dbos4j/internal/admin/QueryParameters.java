package org.dbos4j.internal.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of a request. Every accessor refuses a bad value with a 400 naming the
 * parameter, and {@link #allowOnly} refuses parameters an endpoint does not know, so that a typo is
 * an error instead of a filter silently ignored.
 */
final class QueryParameters {
  private final Map<String, List<String>> values;

  private QueryParameters(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Parses a raw (still percent-encoded) query string; null or empty means no parameters. */
  static QueryParameters parse(@Nullable String rawQuery) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    return new QueryParameters(values);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("the query string is not valid percent-encoding: " + s);
    }
  }

  /** Refuses any parameter not in {@code known}. */
  void allowOnly(Set<String> known) {
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw HttpProblem.badRequest(
            "unknown query parameter '"
                + name
                + "'"
                + (known.isEmpty()
                    ? "; this endpoint takes none"
                    : "; known: " + new TreeSet<>(known)));
      }
    }
  }

  /** The parameter's value, or null if absent; given twice, a 400. */
  @Nullable String string(String name) {
    List<String> v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v.size() > 1) {
      throw HttpProblem.badRequest("query parameter '" + name + "' is given more than once");
    }
    if (v.get(0).isBlank()) {
      throw HttpProblem.badRequest("query parameter '" + name + "' is empty");
    }
    return v.get(0);
  }

  /**
   * The parameter's values, one per repetition ({@code ?workflow_id=a&workflow_id=b}); null if
   * absent. Not split at commas: a workflow ID may hold one.
   */
  @Nullable List<String> strings(String name) {
    List<String> v = values.get(name);
    if (v == null) {
      return null;
    }
    for (String value : v) {
      if (value.isBlank()) {
        throw HttpProblem.badRequest("query parameter '" + name + "' has an empty value");
      }
    }
    return List.copyOf(v);
  }

  /** An integer of at least {@code min}, or null if absent. */
  @Nullable Integer integer(String name, int min) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the allowed range
    }
    throw HttpProblem.badRequest(
        "query parameter '" + name + "' must be an integer >= " + min + ", got '" + v + "'");
  }

  /** {@code true} or {@code false}, or null if absent. */
  @Nullable Boolean bool(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    return switch (v.strip()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw HttpProblem.badRequest(
              "query parameter '" + name + "' must be true or false, got '" + v + "'");
    };
  }

  /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}, or null if absent. */
  @Nullable Instant instant(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v.strip());
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          "query parameter '"
              + name
              + "' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '"
              + v
              + "'");
    }
  }
}
