package org.dbos4j.internal.execution;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executions stopped by an outage of the system database that outlasted the outage timeout. Their
 * workflows stay PENDING; rather than wait for the next launch, this process resumes each from its
 * recorded steps once the database answers again, and completes the outcome that handles of the
 * stopped execution wait on with the resumed one's.
 *
 * <p>One timer thread tries them, each with a growing delay (real time: it waits for the world).
 */
final class StrandedExecutions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StrandedExecutions.class);
  private static final long FIRST_DELAY_MILLIS = 500;
  private static final long MAX_DELAY_MILLIS = 5_000;

  private final WorkflowStatusDao statuses;
  private final Resumer resumer;
  private final Map<String, CompletableFuture<@Nullable Object>> stranded =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dbos4j-resume-after-outage");
            t.setDaemon(true);
            return t;
          });

  /** Resumes a PENDING workflow in the background; returns its outcome. */
  @FunctionalInterface
  interface Resumer {
    CompletableFuture<@Nullable Object> resume(RegisteredWorkflow wf, WorkflowRow row);
  }

  StrandedExecutions(WorkflowStatusDao statuses, Resumer resumer) {
    this.statuses = statuses;
    this.resumer = resumer;
  }

  /**
   * Resumes {@code workflowId} later and completes {@code outcome} with the resumed execution's.
   */
  void add(String workflowId, RegisteredWorkflow wf, CompletableFuture<@Nullable Object> outcome) {
    log.warn(
        "workflow {} stopped: the system database could not be reached; it resumes here once the"
            + " database answers",
        workflowId);
    stranded.put(workflowId, outcome);
    schedule(workflowId, wf, outcome, FIRST_DELAY_MILLIS);
  }

  private void schedule(
      String workflowId,
      RegisteredWorkflow wf,
      CompletableFuture<@Nullable Object> outcome,
      long delayMillis) {
    try {
      timer.schedule(
          () -> attempt(workflowId, wf, outcome, delayMillis), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      abandon(workflowId, outcome);
    }
  }

  private void attempt(
      String workflowId,
      RegisteredWorkflow wf,
      CompletableFuture<@Nullable Object> outcome,
      long delayMillis) {
    try {
      WorkflowRow row = statuses.find(workflowId);
      if (row == null) {
        stranded.remove(workflowId, outcome);
        outcome.completeExceptionally(new DBOSNonExistentWorkflowException(workflowId));
        return;
      }
      resumer
          .resume(wf, row)
          .whenComplete(
              (value, failure) -> {
                if (failure == null) {
                  outcome.complete(value);
                } else {
                  outcome.completeExceptionally(failure);
                }
              });
      stranded.remove(workflowId, outcome);
      log.info("workflow {} resumed after the outage of the system database", workflowId);
    } catch (SystemDatabaseException e) {
      if (e.outage()) {
        schedule(workflowId, wf, outcome, Math.min(MAX_DELAY_MILLIS, delayMillis * 2));
      } else {
        stranded.remove(workflowId, outcome);
        outcome.completeExceptionally(e);
      }
    } catch (RuntimeException e) {
      stranded.remove(workflowId, outcome);
      outcome.completeExceptionally(e);
    }
  }

  private void abandon(String workflowId, CompletableFuture<@Nullable Object> outcome) {
    stranded.remove(workflowId, outcome);
    outcome.completeExceptionally(
        new DBOSException(
            "DBOS shut down before workflow "
                + workflowId
                + " could be resumed after an outage of the system database; it stays PENDING"
                + " and the next launch recovers it"));
  }

  /** Stops resuming; handles still waiting on a stranded execution fail. */
  @Override
  public void close() {
    timer.shutdownNow();
    stranded.forEach(this::abandon);
  }
}
