package org.dbos4j.internal.context;

/**
 * A block of code that needs a context: uses the thread's context, or creates one and removes it
 * again when the block ends.
 */
public final class ContextScope implements AutoCloseable {
  private final DBOSContext context;
  private final boolean created;

  private ContextScope(DBOSContext context, boolean created) {
    this.context = context;
    this.created = created;
  }

  public static ContextScope open() {
    DBOSContext existing = DBOSContext.current();
    return existing != null
        ? new ContextScope(existing, false)
        : new ContextScope(DBOSContext.ensure(), true);
  }

  public DBOSContext context() {
    return context;
  }

  @Override
  public void close() {
    if (created && DBOSContext.current() == context) {
      DBOSContext.clear();
    }
  }
}
