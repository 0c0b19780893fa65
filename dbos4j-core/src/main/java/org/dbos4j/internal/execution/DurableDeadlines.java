package org.dbos4j.internal.execution;

import java.time.Duration;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.time.TimeSource;

/**
 * Wake-up times that survive crashes: the first execution records {@code now + duration} as a
 * {@code DBOS.sleep} checkpoint (1 round trip); a replay reads the recorded time, so it waits only
 * for what is left.
 */
public final class DurableDeadlines {
  static final String SLEEP = "DBOS.sleep";

  private final OperationOutputsDao operations;
  private final TimeSource time;

  public DurableDeadlines(OperationOutputsDao operations, TimeSource time) {
    this.operations = operations;
    this.time = time;
  }

  /** The wake-up time (epoch ms) at position {@code functionId}, recorded now if new. */
  long deadline(WorkflowFrame wf, int functionId, Duration duration) {
    RecordedOperation recorded = wf.recordedAs(functionId, SLEEP);
    if (recorded != null) {
      return parse(wf, recorded);
    }
    long now = time.millis();
    long deadline = TimeSource.millisAfter(now, duration);
    RecordedOperation other =
        operations.recordFirst(
            wf.workflowId(), functionId, SLEEP, Long.toString(deadline), null, now, now);
    return other == null ? deadline : parse(wf, other);
  }

  private static long parse(WorkflowFrame wf, RecordedOperation op) {
    try {
      return Long.parseLong(String.valueOf(op.output()));
    } catch (NumberFormatException e) {
      throw new DBOSException(
          "Step "
              + op.functionId()
              + " of workflow "
              + wf.workflowId()
              + " recorded an unreadable wake-up time: "
              + op.output(),
          e);
    }
  }
}
