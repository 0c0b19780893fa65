package org.dbos4j.internal.context;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the authenticated user, the roles granted to them, and the role a {@code
 * RequiredRoles} check chose for the call. Immutable: code that changes the identity of a context
 * replaces it and restores the previous one when it leaves.
 */
public record Identity(@Nullable String user, List<String> roles, @Nullable String assumedRole) {
  /** Nobody authenticated. */
  public static final Identity NONE = new Identity(null, List.of(), null);

  /**
   * @throws NullPointerException if {@code roles} holds null
   */
  public Identity {
    roles = List.copyOf(roles);
  }

  /** A user and their roles, with no role assumed yet; null roles mean none. */
  public static Identity authenticated(@Nullable String user, @Nullable List<String> roles) {
    return user == null && (roles == null || roles.isEmpty())
        ? NONE
        : new Identity(user, roles == null ? List.of() : roles, null);
  }

  /** The same user and roles acting in {@code role}. */
  public Identity assuming(String role) {
    return role.equals(assumedRole) ? this : new Identity(user, roles, role);
  }
}
