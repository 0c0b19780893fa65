package org.dbos4j.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.dbos4j.DBOSContextSetAuth;
import org.dbos4j.DBOSNotAuthorizedException;
import org.dbos4j.DBOSRequest;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.internal.context.RequestScope;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter that runs each HTTP request in a DBOS context, so that the code handling it, and
 * every workflow started there, knows which request it serves and who sent it:
 *
 * <ul>
 *   <li>{@link org.dbos4j.DBOS#request()} returns the request as a {@link DBOSRequest}: headers,
 *       query parameters, URL, base URL, client address, cookies, method, and the path parameters
 *       of the {@linkplain Builder#pathParameters extractor}, if one is given. A workflow started
 *       during the request records it and sees it again after recovery.
 *   <li>The {@linkplain Builder#authenticator authenticator} says who sent the request: its user
 *       and roles become {@link org.dbos4j.DBOS#authenticatedUser()} and {@link
 *       org.dbos4j.DBOS#authenticatedRoles()}, are recorded with the workflows started, and are
 *       what {@link org.dbos4j.RequiredRoles} checks. If it throws, the filter answers {@code 401
 *       Unauthorized} and the request goes no further.
 *   <li>A request with a {@value #IDEMPOTENCY_KEY_HEADER} header names the first workflow its
 *       handler starts with the header's value, as {@link SetWorkflowID} would: a client that sends
 *       the request again with the same key gets the same workflow, not a second one.
 *   <li>A {@link DBOSNotAuthorizedException} out of the handler (a {@code RequiredRoles} method
 *       called without the role), also as the cause of a {@link ServletException}, becomes {@code
 *       403 Forbidden}, unless the response is already committed.
 * </ul>
 *
 * <p>When the request is done, the thread's DBOS context is as before (normally: none), so nothing
 * carries over to the next request the container runs on it. The context belongs to the thread that
 * handles the request: work the handler hands to other threads (asynchronous servlets) does not see
 * it. Map the filter for {@code REQUEST} dispatches, the default, ahead of the handlers that call
 * workflows:
 *
 * <pre>{@code
 * context.addFilter("dbos", DBOSServletFilter.builder()
 *         .authenticator(request -> sessions.userOf(request))
 *         .build())
 *     .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>The public no-argument constructor, for {@code web.xml}, makes a filter without authenticator
 * or path parameters.
 */
public final class DBOSServletFilter implements Filter {
  /** The request header whose value names the first workflow the request starts. */
  public static final String IDEMPOTENCY_KEY_HEADER = "dbos-idempotency-key";

  private static final Logger log = LoggerFactory.getLogger(DBOSServletFilter.class);

  private final DBOSAuthenticator authenticator;
  private final Function<? super HttpServletRequest, ? extends @Nullable Map<String, String>>
      pathParameters;

  /** A filter with no authenticator (every request anonymous) and no path parameters. */
  public DBOSServletFilter() {
    this(new Builder());
  }

  private DBOSServletFilter(Builder builder) {
    this.authenticator = builder.authenticator;
    this.pathParameters = builder.pathParameters;
  }

  /** A builder of a filter; without settings it builds the same as the no-argument constructor. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    @Nullable AuthenticatedUser caller;
    try {
      caller = authenticator.authenticate(http);
    } catch (Exception e) {
      log.debug("{} {}: authentication failed", http.getMethod(), http.getRequestURI(), e);
      refuse(httpResponse, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized");
      return;
    }
    @Nullable Map<String, String> pathParams = pathParameters.apply(http);
    DBOSRequest dbosRequest =
        ServletRequestReader.read(http, pathParams == null ? Map.of() : pathParams);
    String key = http.getHeader(IDEMPOTENCY_KEY_HEADER);
    // Each block restores what it replaced, innermost first; the request scope, created first,
    // removes the context it created, so the thread leaves as it came.
    try (var scope = new RequestScope(dbosRequest);
        var id = key == null || key.isBlank() ? null : new SetWorkflowID(key);
        var auth = caller == null ? null : new DBOSContextSetAuth(caller.user(), caller.roles())) {
      chain.doFilter(request, response);
    } catch (DBOSNotAuthorizedException e) {
      if (httpResponse.isCommitted()) {
        throw e;
      }
      forbid(http, httpResponse, e);
    } catch (ServletException e) {
      if (!(e.getCause() instanceof DBOSNotAuthorizedException refused)
          || httpResponse.isCommitted()) {
        throw e;
      }
      forbid(http, httpResponse, refused);
    }
  }

  private static void forbid(
      HttpServletRequest request, HttpServletResponse response, DBOSNotAuthorizedException refused)
      throws IOException {
    log.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), refused.getMessage());
    // The reason names roles and functions: it goes to the log, not to the client.
    refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden");
  }

  private static void refuse(HttpServletResponse response, int status, String body)
      throws IOException {
    response.reset();
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().println(body);
  }

  /** Sets up a {@link DBOSServletFilter}; every setting is optional. */
  public static final class Builder {
    private DBOSAuthenticator authenticator = request -> null;
    private Function<? super HttpServletRequest, ? extends @Nullable Map<String, String>>
        pathParameters = request -> Map.of();

    private Builder() {}

    /** Who sends each request; by default nobody is authenticated. */
    public Builder authenticator(DBOSAuthenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * The path parameters of a request (such as {@code id} of {@code /orders/{id}}), which the
     * servlet API does not know but a framework's routing does; by default none. Called on every
     * request after authentication; a null answer means none.
     */
    public Builder pathParameters(
        Function<? super HttpServletRequest, ? extends @Nullable Map<String, String>> extractor) {
      this.pathParameters = Objects.requireNonNull(extractor, "extractor");
      return this;
    }

    public DBOSServletFilter build() {
      return new DBOSServletFilter(this);
    }
  }
}
