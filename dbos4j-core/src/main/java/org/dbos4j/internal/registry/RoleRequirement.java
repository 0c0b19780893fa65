package org.dbos4j.internal.registry;

import java.lang.reflect.Method;
import java.util.List;
import org.dbos4j.DBOSNotAuthorizedException;
import org.dbos4j.RequiredRoles;
import org.dbos4j.internal.context.Identity;
import org.jspecify.annotations.Nullable;

/** The roles of which a caller of a durable method must hold one ({@link RequiredRoles}). */
record RoleRequirement(String functionName, List<String> roles) {

  /**
   * The requirement of {@code implMethod}: its own {@code @RequiredRoles}, else its class's; null
   * if neither, or if the list that applies is empty (open to all).
   */
  static @Nullable RoleRequirement of(String functionName, Class<?> implClass, Method implMethod) {
    RequiredRoles own = implMethod.getAnnotation(RequiredRoles.class);
    RequiredRoles applied = own != null ? own : implClass.getAnnotation(RequiredRoles.class);
    if (applied == null || applied.value().length == 0) {
      return null;
    }
    for (String role : applied.value()) {
      if (role == null || role.isBlank()) {
        throw new IllegalArgumentException(
            "@RequiredRoles of "
                + implClass.getName()
                + "."
                + implMethod.getName()
                + " lists a blank role; list role names, or none to open the method");
      }
    }
    return new RoleRequirement(functionName, List.of(applied.value()));
  }

  /**
   * The identity the call acts with: the caller's, assuming the first required role the caller
   * holds.
   *
   * @throws DBOSNotAuthorizedException if the caller holds none of the roles
   */
  Identity authorize(Identity caller) {
    for (String role : roles) {
      if (caller.roles().contains(role)) {
        return caller.assuming(role);
      }
    }
    throw new DBOSNotAuthorizedException(functionName, roles, caller.user(), caller.roles());
  }
}
