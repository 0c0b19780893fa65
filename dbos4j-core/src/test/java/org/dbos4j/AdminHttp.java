package org.dbos4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A client of a launched process's admin server, over real HTTP, for the tests. */
public final class AdminHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** One answer: its status, its JSON body, and the response for headers. */
  public record Reply(int status, JsonNode json, HttpResponse<String> response) {
    public @Nullable String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String base;
  private final @Nullable String token;

  public AdminHttp(int port) {
    this("127.0.0.1", port, null);
  }

  /** A client sending {@code Authorization: Bearer <token>} unless {@code token} is null. */
  public AdminHttp(String host, int port, @Nullable String token) {
    this.base = "http://" + host + ":" + port;
    this.token = token;
  }

  /**
   * A port nobody listens on right now on 127.0.0.1 (adminPort 0 means "no server", so the tests
   * pick one).
   */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  public Reply get(String pathAndQuery) throws Exception {
    return send("GET", pathAndQuery, null);
  }

  public Reply post(String path, @Nullable String body) throws Exception {
    return send("POST", path, body);
  }

  public Reply send(String method, String pathAndQuery, @Nullable String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(r.body());
    return new Reply(r.statusCode(), json, r);
  }
}
