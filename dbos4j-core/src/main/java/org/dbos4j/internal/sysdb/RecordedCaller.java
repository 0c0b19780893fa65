package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/**
 * What a workflow records about the context it was started in, as stored in its {@code
 * workflow_status} row: the caller's identity, the HTTP request being handled, and the trace
 * context of the workflow's span. Recovery restores the workflow's context from it.
 *
 * @param authenticatedRoles the roles as a JSON list, or null for none
 * @param request the request as JSON, or null outside a request
 * @param traceContext the W3C trace context of the first execution's span, or null if untraced
 */
public record RecordedCaller(
    @Nullable String authenticatedUser,
    @Nullable String assumedRole,
    @Nullable String authenticatedRoles,
    @Nullable String request,
    @Nullable String traceContext) {

  /** No identity, request or trace. */
  public static final RecordedCaller NONE = new RecordedCaller(null, null, null, null, null);
}
