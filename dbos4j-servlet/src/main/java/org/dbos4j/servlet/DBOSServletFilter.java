package org.dbos4j.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.dbos4j.DBOSRequest;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.internal.context.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * A servlet filter that runs each HTTP request in a DBOS context, so that the code handling it, and
 * every workflow started there, knows which request it serves:
 *
 * <ul>
 *   <li>{@link org.dbos4j.DBOS#request()} returns the request as a {@link DBOSRequest}: headers,
 *       query parameters, URL, base URL, client address, cookies, method, and the path parameters
 *       of the {@linkplain Builder#pathParameters extractor}, if one is given. A workflow started
 *       during the request records it and sees it again after recovery.
 *   <li>A request with a {@value #IDEMPOTENCY_KEY_HEADER} header names the first workflow its
 *       handler starts with the header's value, as {@link SetWorkflowID} would: a client that sends
 *       the request again with the same key gets the same workflow, not a second one.
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
 *         .pathParameters(request -> router.pathParameters(request))
 *         .build())
 *     .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>The public no-argument constructor, for {@code web.xml}, makes a filter without path
 * parameters.
 */
public final class DBOSServletFilter implements Filter {
  /** The request header whose value names the first workflow the request starts. */
  public static final String IDEMPOTENCY_KEY_HEADER = "dbos-idempotency-key";

  private final Function<? super HttpServletRequest, ? extends @Nullable Map<String, String>>
      pathParameters;

  /** A filter with no path parameters. */
  public DBOSServletFilter() {
    this(new Builder());
  }

  private DBOSServletFilter(Builder builder) {
    this.pathParameters = builder.pathParameters;
  }

  /** A builder of a filter; without settings it builds the same as the no-argument constructor. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)) {
      chain.doFilter(request, response);
      return;
    }
    @Nullable Map<String, String> pathParams = pathParameters.apply(http);
    DBOSRequest dbosRequest =
        ServletRequestReader.read(http, pathParams == null ? Map.of() : pathParams);
    String key = http.getHeader(IDEMPOTENCY_KEY_HEADER);
    // Each block restores what it replaced, innermost first; the request scope, created first,
    // removes the context it created, so the thread leaves as it came.
    try (var scope = new RequestScope(dbosRequest);
        var id = key == null || key.isBlank() ? null : new SetWorkflowID(key)) {
      chain.doFilter(request, response);
    }
  }

  /** Sets up a {@link DBOSServletFilter}; every setting is optional. */
  public static final class Builder {
    private Function<? super HttpServletRequest, ? extends @Nullable Map<String, String>>
        pathParameters = request -> Map.of();

    private Builder() {}

    /**
     * The path parameters of a request (such as {@code id} of {@code /orders/{id}}), which the
     * servlet API does not know but a framework's routing does; by default none. Called on every
     * request; a null answer means none.
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
