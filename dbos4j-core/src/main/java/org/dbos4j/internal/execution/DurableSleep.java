package org.dbos4j.internal.execution;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.context.WorkflowFrame;

/**
 * {@code sleep}: the wake-up time is recorded before sleeping, so a recovering workflow sleeps only
 * for what is left. A zero or negative duration returns at once (its position is still taken, so
 * replays stay aligned).
 */
public final class DurableSleep {
  private final DurableDeadlines deadlines;
  private final Clock clock;
  private final Executor executor;

  public DurableSleep(OperationServices services) {
    this.deadlines = services.deadlines();
    this.clock = services.clock();
    this.executor = services.executor();
  }

  public void sleep(Duration duration) {
    WorkflowFrame wf = CallerContext.current().requireWorkflowBody("DBOS.sleep");
    sleepAt(wf, wf.nextFunctionId(), duration);
  }

  /** {@link #sleep}, reserving its position now and sleeping on the executor. */
  public CompletableFuture<Void> sleepAsync(Duration duration) {
    WorkflowFrame wf = CallerContext.current().requireWorkflowBody("DBOS.sleepAsync");
    int functionId = wf.nextFunctionId();
    return CompletableFuture.runAsync(() -> sleepAt(wf, functionId, duration), executor);
  }

  private void sleepAt(WorkflowFrame wf, int functionId, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    long deadline = deadlines.deadline(wf, functionId, duration);
    long remaining;
    while ((remaining = deadline - clock.millis()) > 0) {
      try {
        Thread.sleep(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DBOSException("Interrupted during DBOS.sleep of workflow " + wf.workflowId(), e);
      }
    }
  }
}
