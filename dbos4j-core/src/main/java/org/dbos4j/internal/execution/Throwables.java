package org.dbos4j.internal.execution;

/** Rethrowing recorded or caught exceptions without wrapping them. */
public final class Throwables {
  private Throwables() {}

  /**
   * Throws {@code t} as it is. Used where the compiler cannot see that a rethrown checked exception
   * is one the caller declares (a replayed step throws what the step threw the first time).
   */
  @SuppressWarnings("unchecked")
  public static <X extends Throwable> RuntimeException sneakyThrow(Throwable t) throws X {
    throw (X) t;
  }
}
