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
    schedule(new Stranded(workflowId, wf, outcome), FIRST_DELAY_MILLIS);
  }

  /** One stopped execution: its workflow, and the outcome its handles wait on. */
  private record Stranded(
      String workflowId, RegisteredWorkflow wf, CompletableFuture<@Nullable Object> outcome) {}

  private void schedule(Stranded s, long delayMillis) {
    try {
      timer.schedule(() -> attempt(s, delayMillis), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      abandon(s.workflowId(), s.outcome());
    }
  }

  private void attempt(Stranded s, long delayMillis) {
    try {
      WorkflowRow row = statuses.find(s.workflowId());
      if (row == null) {
        fail(s, new DBOSNonExistentWorkflowException(s.workflowId()));
        return;
      }
      resumer
          .resume(s.wf(), row)
          .whenComplete(
              (value, failure) -> {
                if (failure == null) {
                  s.outcome().complete(value);
                } else {
                  s.outcome().completeExceptionally(failure);
                }
              });
      stranded.remove(s.workflowId(), s.outcome());
      log.info("workflow {} resumed after the outage of the system database", s.workflowId());
    } catch (SystemDatabaseException e) {
      if (e.outage()) {
        schedule(s, Math.min(MAX_DELAY_MILLIS, delayMillis * 2));
      } else {
        fail(s, e);
      }
    } catch (RuntimeException e) {
      fail(s, e);
    }
  }

  private void fail(Stranded s, Throwable failure) {
    stranded.remove(s.workflowId(), s.outcome());
    s.outcome().completeExceptionally(failure);
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
