package org.dbos4j;

import java.util.List;
import org.dbos4j.internal.context.ContextScope;
import org.dbos4j.internal.context.Identity;
import org.jspecify.annotations.Nullable;

/**
 * Runs the code inside the block as an authenticated user with the given roles, creating a DBOS
 * context if there is none (like {@link DBOSContextEnsure}). Workflows started inside record the
 * identity; {@link RequiredRoles} checks it. Blocks nest: leaving a block restores the identity
 * that was current when it was entered. Used by HTTP middleware and event dispatchers rather than
 * by applications.
 *
 * <pre>{@code
 * try (var auth = new DBOSContextSetAuth("alice", List.of("user", "admin"))) {
 *   orders.checkout("42");
 * }
 * }</pre>
 */
public final class DBOSContextSetAuth implements AutoCloseable {
  private final ContextScope scope;
  private final Identity outer;

  /**
   * @param user the authenticated user, or null for none
   * @param roles the roles granted to the user; null means none
   * @throws NullPointerException if {@code roles} holds null
   */
  public DBOSContextSetAuth(@Nullable String user, @Nullable List<String> roles) {
    Identity identity = Identity.authenticated(user, roles);
    this.scope = ContextScope.open();
    this.outer = scope.context().identity();
    scope.context().setIdentity(identity);
  }

  @Override
  public void close() {
    scope.context().setIdentity(outer);
    scope.close();
  }
}
