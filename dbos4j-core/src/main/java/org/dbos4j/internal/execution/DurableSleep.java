package org.dbos4j.internal.execution;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.time.TimeSource;

/**
 * {@code sleep}: the wake-up time is recorded before sleeping, so a recovering workflow sleeps only
 * for what is left. A zero or negative duration returns at once (its position is still taken, so
 * replays stay aligned).
 */
public final class DurableSleep {
  private final DurableDeadlines deadlines;
  private final TimeSource time;
  private final Executor executor;

  public DurableSleep(OperationServices services) {
    this.deadlines = services.deadlines();
    this.time = services.time();
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
    time.sleepUntil(deadline, wf.cancelToken(), new SleepBlocker(wf.workflowId(), functionId));
  }

  /** What a sleeping thread waits for, as thread dumps and interrupt errors show it. */
  private record SleepBlocker(String workflowId, int functionId) {
    @Override
    public String toString() {
      return "DBOS.sleep at step " + functionId + " of workflow " + workflowId;
    }
  }
}
