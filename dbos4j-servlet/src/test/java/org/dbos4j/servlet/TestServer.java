package org.dbos4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.DBOS;
import org.dbos4j.internal.context.DBOSContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty server on an ephemeral port of 127.0.0.1 with the application at {@code /app}: the filter
 * under test in front of every route, and in front of it a probe that checks that the server's
 * thread has no DBOS context before and after each request. {@link #close()} stops the server and
 * fails if the probe found one.
 */
final class TestServer implements AutoCloseable {
  static final String CONTEXT_PATH = "/app";

  /** The code of one route; what it returns is the response's body. */
  @FunctionalInterface
  interface Route {
    String handle(HttpServletRequest request) throws Exception;
  }

  private final Server server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final AtomicInteger handled = new AtomicInteger();

  /**
   * Starts a server whose filter is {@code filter}, with a servlet per path spec of {@code routes}.
   */
  static TestServer start(Filter filter, Map<String, Route> routes) throws Exception {
    return new TestServer(new FilterHolder(filter), routes);
  }

  /** The same, with a filter the container instantiates, as one declared in {@code web.xml}. */
  static TestServer start(Class<? extends Filter> filter, Map<String, Route> routes)
      throws Exception {
    return new TestServer(new FilterHolder(filter), routes);
  }

  private TestServer(FilterHolder filter, Map<String, Route> routes) throws Exception {
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    context.addFilter(new FilterHolder(new ContextProbe()), "/*", requests);
    context.addFilter(filter, "/*", requests);
    routes.forEach((pathSpec, route) -> context.addServlet(new RouteServlet(route), pathSpec));
    server.setHandler(context);
    server.start();
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>/app}. */
  String base() {
    return "http://127.0.0.1:" + port() + CONTEXT_PATH;
  }

  /** A request to {@code pathAndQuery} under {@link #base()}. */
  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base() + pathAndQuery));
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = request(pathAndQuery);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends {@code requestLine} and headers as written, over a socket: {@link HttpClient} refuses
   * URLs with characters that some clients send unencoded. Returns the whole response.
   */
  String sendRaw(String requestLine, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder(requestLine).append("\r\n");
    request.append("Host: 127.0.0.1:").append(port()).append("\r\n");
    for (String header : headerLines) {
      request.append(header).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** How many requests reached a route. */
  int handled() {
    return handled.get();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    assertThat(leaks).as("DBOS context on a server thread outside the DBOS filter").isEmpty();
  }

  /** Records any DBOS context the server's thread has when a request comes in and goes out. */
  private final class ContextProbe implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      check("before", request);
      try {
        chain.doFilter(request, response);
      } finally {
        check("after", request);
      }
    }

    private void check(String when, ServletRequest request) {
      if (DBOSContext.current() != null
          || DBOS.request() != null
          || DBOS.authenticatedUser() != null
          || !DBOS.authenticatedRoles().isEmpty()) {
        leaks.add(
            when
                + " "
                + ((HttpServletRequest) request).getRequestURI()
                + " on "
                + Thread.currentThread().getName());
      }
    }
  }

  /** Runs a {@link Route} and answers 200 with its result as text. */
  private final class RouteServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Route route;

    RouteServlet(Route route) {
      this.route = route;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      handled.incrementAndGet();
      String body;
      try {
        body = route.handle(request);
      } catch (RuntimeException | ServletException | IOException e) {
        throw e;
      } catch (Exception e) {
        throw new ServletException(e);
      }
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().print(body);
    }
  }
}
