package org.dbos4j.internal.execution;

import io.opentelemetry.api.trace.Span;
import org.dbos4j.DBOSRequest;
import org.dbos4j.internal.context.Identity;
import org.dbos4j.internal.serialize.CallerCodec;
import org.dbos4j.internal.sysdb.RecordedCaller;
import org.dbos4j.internal.tracing.Tracing;
import org.jspecify.annotations.Nullable;

/**
 * The context a workflow execution runs in, taken from its caller: who called, the HTTP request
 * being handled, and the execution's span; with the columns that record it in the workflow's row,
 * from which a recovered execution gets the same identity and request back.
 */
record WorkflowCaller(
    Identity identity, @Nullable DBOSRequest request, Span span, RecordedCaller recorded) {

  /** A new workflow's caller, to be recorded with its start. */
  static WorkflowCaller of(Identity identity, @Nullable DBOSRequest request, Span span) {
    String traceContext = Tracing.traceContext(span);
    if (identity == Identity.NONE && request == null && traceContext == null) {
      return new WorkflowCaller(identity, null, span, RecordedCaller.NONE);
    }
    return new WorkflowCaller(
        identity,
        request,
        span,
        new RecordedCaller(
            identity.user(),
            identity.assumedRole(),
            CallerCodec.writeRoles(identity.roles()),
            request == null ? null : CallerCodec.writeRequest(request),
            traceContext));
  }

  /** The caller recorded with an existing workflow, for another execution of it. */
  static WorkflowCaller recorded(RecordedCaller recorded, Span span) {
    Identity identity =
        recorded.authenticatedUser() == null && recorded.authenticatedRoles() == null
            ? Identity.NONE
            : new Identity(
                recorded.authenticatedUser(),
                CallerCodec.readRoles(recorded.authenticatedRoles()),
                recorded.assumedRole());
    return new WorkflowCaller(
        identity, CallerCodec.readRequest(recorded.request()), span, recorded);
  }
}
