package org.dbos4j.bench;

import java.util.Optional;

/**
 * A library with transactions on an application database ({@code @Transaction}), on which W8 runs:
 * dbos4j. DBOS Transact for Java 1.1 has none, so W8 sets dbos4j against a plain JDBC transaction
 * only.
 */
interface TransactionalSystem extends DurableSystem {

  /** Where its transactions write; empty if W8 is not asked of it, so that it runs without one. */
  Optional<AppDatabase> applicationDatabase();

  /**
   * Runs a workflow of {@code count} transactions to completion, the {@code i}-th inserting row
   * {@code firstId + i} into {@link AppDatabase#DBOS4J_TABLE}; it returns the rows inserted.
   */
  int runTransactionsWorkflow(long firstId, int count) throws Exception;
}
