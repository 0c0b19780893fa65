package org.dbos4j.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server of a launched process (see the package description for why the JDK's
 * server). It listens on {@code adminHost:adminPort} from launch to shutdown, answers on a few
 * daemon threads of its own (so that requests never take the workflows' threads, and a hung request
 * never holds the JVM open), checks the bearer token when one is configured, and turns every
 * outcome into JSON: 200 with the endpoint's answer, or an error {@code {"error": "..."}} with 400
 * (bad input, naming the field), 401 (token), 404 (unknown path or workflow), 405 (method), 409
 * (refused by the workflow's state, such as a fork's ID already taken), 413 (body too large), 503
 * (the system database failed) or 500 (a bug).
 */
public final class AdminServer {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  /** Requests answered at once; more wait in the listen backlog. */
  private static final int THREADS = 4;

  /** The largest request body read: recovery's list of executor IDs, or a fork's options. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final String host;
  private final int port;
  private final @Nullable BearerToken token;
  private final AdminEndpoints endpoints;
  private final AdminJson json;
  private @Nullable HttpServer server;
  private @Nullable ExecutorService threads;

  /**
   * @param token the bearer token every request but the health check must carry; null for none
   */
  public AdminServer(String host, int port, @Nullable String token, AdminEndpoints endpoints) {
    this.host = host;
    this.port = port;
    this.token = token == null ? null : new BearerToken(token);
    this.endpoints = endpoints;
    this.json = endpoints.json();
  }

  /**
   * Binds the port and starts answering.
   *
   * @throws DBOSException naming the address if the host does not resolve or the port is taken
   */
  public synchronized void start() {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new DBOSException(
          "Cannot start the admin server: adminHost '" + host + "' is not a known host or address");
    }
    HttpServer s;
    try {
      s = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new DBOSException(
          "Cannot start the admin server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "dbos4j-admin-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    s.setExecutor(pool);
    s.createContext("/", this::handle);
    try {
      // The server's dispatcher thread takes the daemon flag of the thread that starts it: started
      // on a daemon thread, it never keeps the JVM alive, like every other thread of dbos4j.
      pool.submit(s::start).get();
    } catch (ExecutionException | InterruptedException e) {
      pool.shutdownNow();
      s.stop(0);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new DBOSException(
          "Cannot start the admin server on " + host + ":" + port + ": " + e, e);
    }
    this.server = s;
    this.threads = pool;
    log.info("admin server listening on {}", s.getAddress());
  }

  /** The address the server is bound to, or null when it is not running. */
  public synchronized @Nullable InetSocketAddress address() {
    return server == null ? null : server.getAddress();
  }

  /** Stops listening; requests under way are cut short, their threads interrupted. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    if (threads != null) {
      threads.shutdownNow();
      threads = null;
    }
  }

  private void handle(HttpExchange exchange) {
    try {
      respond(exchange, 200, answer(exchange));
    } catch (HttpProblem p) {
      if (p.headerName != null && p.headerValue != null) {
        exchange.getResponseHeaders().set(p.headerName, p.headerValue);
      }
      respond(exchange, p.status, json.error(p.getMessage()));
    } catch (DBOSNonExistentWorkflowException e) {
      respond(exchange, 404, json.error(e.getMessage()));
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, json.error(e.getMessage()));
    } catch (SystemDatabaseException e) {
      respond(exchange, 503, json.error(e.getMessage()));
    } catch (DBOSException e) {
      // the request is valid but the state refuses it: a fork's ID taken, a workflow to resume
      // that this process does not register
      respond(exchange, 409, json.error(e.getMessage()));
    } catch (RuntimeException e) {
      log.warn(
          "admin request {} {} failed",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(),
          e);
      respond(exchange, 500, json.error(String.valueOf(e.getMessage())));
    } finally {
      exchange.close();
    }
  }

  private JsonNode answer(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    if (token != null
        && !AdminEndpoints.HEALTH.equals(path)
        && !token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
      throw HttpProblem.unauthorized();
    }
    AdminEndpoints.Route route = endpoints.route(path);
    if (!route.method().equals(method)) {
      throw HttpProblem.methodNotAllowed(method, path, route.method());
    }
    return route
        .handler()
        .answer(
            new AdminEndpoints.Request(
                route.workflowId(),
                QueryParameters.parse(exchange.getRequestURI().getRawQuery()),
                readBody(exchange)));
  }

  private static byte[] readBody(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw HttpProblem.tooLarge(MAX_BODY_BYTES);
      }
      return body;
    } catch (IOException e) {
      throw HttpProblem.badRequest("cannot read the request body: " + e.getMessage());
    }
  }

  private void respond(HttpExchange exchange, int status, JsonNode body) {
    byte[] bytes = json.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    try {
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1); // a HEAD response has no body
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      log.debug("admin client went away before the response: {}", e.toString());
    }
  }
}
