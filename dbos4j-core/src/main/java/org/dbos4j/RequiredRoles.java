package org.dbos4j;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Restricts a {@link Workflow}, {@link Step} or {@link Transaction} method to callers holding at
 * least one of the listed roles ({@link DBOS#authenticatedRoles()}). On the implementation class it
 * is the default for all of the class's durable methods; an annotation on a method overrides it,
 * and an empty list opens the method to every caller.
 *
 * <p>A caller holding none of the roles gets {@link DBOSNotAuthorizedException} before anything
 * runs or is recorded. Otherwise the first listed role the caller holds becomes {@link
 * DBOS#assumedRole()} for the call, and a workflow records it with its identity.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiredRoles {
  /** The roles allowed to call, in order of preference for {@link DBOS#assumedRole()}. */
  String[] value();
}
