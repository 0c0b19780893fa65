package org.dbos4j.internal.registry;

/** Where a registered proxy sends the durable calls made through it. */
public interface CallDispatcher {
  Object callWorkflow(RegisteredWorkflow workflow, Object[] args) throws Throwable;

  Object callStep(RegisteredStep step, Object[] args) throws Throwable;

  Object callTransaction(RegisteredTransaction transaction, Object[] args) throws Throwable;
}
