package org.dbos4j.internal.execution;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.sysdb.OperationCheckpoint;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system database's records of operations whose outcome is already durable elsewhere: a
 * transaction's, committed with it in the application database's {@code transaction_outputs}. Such
 * a record needs no commit of its own on the workflow's path. A workflow keeps them on its frame
 * and writes them {@link #BATCH} at a time, in the background, and the rest in one round trip
 * before it records its own outcome, so that a finished workflow lists all its steps. A record lost
 * to a crash is rebuilt by the replay, which finds the outcome in the application database.
 */
public final class DeferredCheckpoints {
  private static final Logger log = LoggerFactory.getLogger(DeferredCheckpoints.class);

  /**
   * How many records a workflow keeps before it writes them in the background, in one statement (7
   * parameters a row: 3,584, far below the engines' limits). Each write costs the database more
   * than its rows: in W8 on PostgreSQL (2,000 one-row transactions in a workflow) 64 a write made
   * the transactions 1.29-1.45x plain JDBC ones, 512 1.17-1.24x, and none at all 1.11-1.16x.
   */
  static final int BATCH = 512;

  private final OperationOutputsDao operations;
  private final Executor background;

  public DeferredCheckpoints(OperationOutputsDao operations, Executor background) {
    this.operations = operations;
    this.background = background;
  }

  /** Keeps {@code checkpoint} on the workflow's frame, writing a full batch in the background. */
  void defer(WorkflowFrame workflow, OperationCheckpoint checkpoint) {
    if (workflow.deferCheckpoint(checkpoint) < BATCH) {
      return;
    }
    List<OperationCheckpoint> batch = workflow.takeDeferredCheckpoints();
    try {
      workflow.addCheckpointWrite(CompletableFuture.runAsync(() -> write(batch), background));
    } catch (RejectedExecutionException e) {
      log.debug(
          "shutting down: {} transactions stay recorded in the application database only",
          batch.size());
    }
  }

  /** Writes what the workflow still keeps and waits for its writes in the background. */
  void writeAll(WorkflowFrame workflow) {
    write(workflow.takeDeferredCheckpoints());
    workflow.awaitCheckpointWrites();
  }

  private void write(List<OperationCheckpoint> batch) {
    try {
      operations.recordAll(batch);
    } catch (RuntimeException e) {
      log.warn(
          "{} transactions of workflow {} stay recorded in the application database only: {}",
          batch.size(),
          batch.get(0).workflowId(),
          e.toString());
    }
  }
}
