package org.dbos4j.servlet;

import java.util.List;
import java.util.Objects;

/**
 * Who sent an HTTP request, as a {@link DBOSAuthenticator} found out: the user and the roles
 * granted to them, which become {@link org.dbos4j.DBOS#authenticatedUser()} and {@link
 * org.dbos4j.DBOS#authenticatedRoles()} while the request is handled.
 *
 * @param user the user's name
 * @param roles the user's roles, in the order given; may be empty
 */
public record AuthenticatedUser(String user, List<String> roles) {

  /**
   * @throws NullPointerException if {@code user} or {@code roles} is null, or a role is null
   */
  public AuthenticatedUser {
    Objects.requireNonNull(user, "user");
    roles = List.copyOf(roles);
  }
}
