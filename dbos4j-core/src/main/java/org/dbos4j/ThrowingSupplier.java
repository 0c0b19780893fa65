package org.dbos4j;

/**
 * A supplier that may throw a checked exception, so that step and workflow bodies keep their own
 * exception types.
 */
@FunctionalInterface
public interface ThrowingSupplier<
    R extends @org.jspecify.annotations.Nullable Object, X extends Exception> {
  R get() throws X;
}
