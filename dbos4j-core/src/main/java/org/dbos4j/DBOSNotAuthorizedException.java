package org.dbos4j;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A call to a {@link RequiredRoles} method by a caller holding none of the required roles. Thrown
 * before the call runs or is recorded.
 */
public class DBOSNotAuthorizedException extends DBOSException {
  private static final long serialVersionUID = 1L;
  private final String functionName;
  private final List<String> requiredRoles;
  private final @Nullable String user;

  public DBOSNotAuthorizedException(
      String functionName, List<String> requiredRoles, @Nullable String user, List<String> roles) {
    super(
        "'"
            + functionName
            + "' requires one of the roles "
            + requiredRoles
            + ", but "
            + (user == null ? "the caller is not authenticated" : "user '" + user + "'")
            + (roles.isEmpty() ? " holds no role" : " holds only " + roles)
            + "; authenticate with DBOSContextSetAuth or DBOS.setAuthentication");
    this.functionName = functionName;
    this.requiredRoles = List.copyOf(requiredRoles);
    this.user = user;
  }

  /** The workflow, step or transaction that was called. */
  public String functionName() {
    return functionName;
  }

  /** The roles of which the caller needed one. */
  public List<String> requiredRoles() {
    return requiredRoles;
  }

  /** The authenticated user who called, or null if the caller was not authenticated. */
  public @Nullable String user() {
    return user;
  }
}
