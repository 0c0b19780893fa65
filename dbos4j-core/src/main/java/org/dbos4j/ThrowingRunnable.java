package org.dbos4j;

/** A runnable that may throw a checked exception. */
@FunctionalInterface
public interface ThrowingRunnable<X extends Exception> {
  void run() throws X;
}
