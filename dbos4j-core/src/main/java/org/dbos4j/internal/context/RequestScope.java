package org.dbos4j.internal.context;

import org.dbos4j.DBOSRequest;
import org.jspecify.annotations.Nullable;

/**
 * A block of code that handles an HTTP request: {@code DBOS.request()} answers it inside, and
 * workflows started there record it. Used by HTTP integrations; the previous request (normally
 * none) comes back when the block ends, and a context the block created is removed.
 */
public final class RequestScope implements AutoCloseable {
  private final ContextScope scope;
  private final @Nullable DBOSRequest outer;

  public RequestScope(DBOSRequest request) {
    this.scope = ContextScope.open();
    this.outer = scope.context().request();
    scope.context().setRequest(request);
  }

  @Override
  public void close() {
    scope.context().setRequest(outer);
    scope.close();
  }
}
