package org.dbos4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Finds out who sent an HTTP request, for {@link DBOSServletFilter}: from a session, a token in the
 * {@code Authorization} header, a client certificate, whatever the application trusts.
 *
 * <pre>{@code
 * DBOSAuthenticator bearer = request -> {
 *   String header = request.getHeader("Authorization");
 *   if (header == null) {
 *     return null; // anonymous: the request is handled without identity
 *   }
 *   Token token = tokens.verify(header.substring("Bearer ".length())); // throws if invalid
 *   return new AuthenticatedUser(token.subject(), token.roles());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface DBOSAuthenticator {

  /**
   * The user who sent {@code request}, or null if the request is anonymous. Called before the
   * request reaches the rest of the filter chain, on the thread that handles it.
   *
   * @return the user and roles to handle the request with, or null for none
   * @throws Exception if the request claims an identity that cannot be accepted (a bad token, an
   *     expired session): the filter then answers {@code 401 Unauthorized} and the request goes no
   *     further
   */
  @Nullable AuthenticatedUser authenticate(HttpServletRequest request) throws Exception;
}
