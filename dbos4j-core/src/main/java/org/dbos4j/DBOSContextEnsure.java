package org.dbos4j;

import org.dbos4j.internal.context.ContextScope;

/**
 * Makes sure a DBOS context exists for the code inside the block, removing it at the end if the
 * block created it. Used by event dispatchers and HTTP middleware rather than by applications.
 */
public final class DBOSContextEnsure implements AutoCloseable {
  private final ContextScope scope = ContextScope.open();

  @Override
  public void close() {
    scope.close();
  }
}
