package org.dbos4j.internal.serialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSRequest;
import org.jspecify.annotations.Nullable;

/**
 * JSON of the caller context a workflow records: the authenticated roles (a JSON list, as DBOS
 * stores them) and the HTTP request. Plain JSON of strings, lists and maps, with no type
 * information: these values come from dbos4j, not from application classes.
 */
public final class CallerCodec {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<List<String>> ROLES = new TypeReference<>() {};
  private static final TypeReference<RequestJson> REQUEST = new TypeReference<>() {};

  private CallerCodec() {}

  /** The roles as a JSON list; null for none. */
  public static @Nullable String writeRoles(List<String> roles) {
    return roles.isEmpty() ? null : write(roles, "roles");
  }

  /** The roles of a JSON list; empty for null. */
  public static List<String> readRoles(@Nullable String json) {
    return json == null ? List.of() : List.copyOf(read(json, ROLES, "roles"));
  }

  public static String writeRequest(DBOSRequest r) {
    InetSocketAddress client = r.client();
    return write(
        new RequestJson(
            r.method(),
            r.url().toString(),
            r.baseUrl().toString(),
            client == null ? null : hostOf(client),
            client == null ? 0 : client.getPort(),
            new LinkedHashMap<>(r.headers()),
            r.pathParams(),
            r.queryParams(),
            r.cookies()),
        "request");
  }

  /** The request of its JSON; null for null. */
  public static @Nullable DBOSRequest readRequest(@Nullable String json) {
    if (json == null) {
      return null;
    }
    RequestJson r = read(json, REQUEST, "request");
    return new DBOSRequest(
        r.headers(),
        r.pathParams(),
        r.queryParams(),
        URI.create(r.url()),
        URI.create(r.baseUrl()),
        r.clientHost() == null
            ? null
            : SocketAddresses.withoutLookup(r.clientHost(), r.clientPort()),
        r.cookies(),
        r.method());
  }

  /** The request as recorded: the record's fields, with the client as host and port. */
  record RequestJson(
      String method,
      String url,
      String baseUrl,
      @Nullable String clientHost,
      int clientPort,
      Map<String, List<String>> headers,
      Map<String, String> pathParams,
      Map<String, List<String>> queryParams,
      Map<String, String> cookies) {}

  private static String hostOf(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    return ip != null ? ip.getHostAddress() : address.getHostString();
  }

  private static String write(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new DBOSException("Cannot write the " + what + " of a workflow as JSON: " + e, e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new DBOSException("Cannot read the recorded " + what + " of a workflow: " + e, e);
    }
  }
}
