package org.dbos4j.internal.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dbos4j.DBOSUnexpectedStepException;
import org.dbos4j.internal.sysdb.OperationCheckpoint;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;

/**
 * The state of one running workflow execution on the current thread: its ID and the position of its
 * next step. A replaying workflow also carries the operations recorded by earlier executions,
 * loaded once when it starts, so that a first execution never reads before it writes. It also keeps
 * the system database's records of its transactions until they are written (see {@code
 * DeferredCheckpoints}).
 */
public final class WorkflowFrame {
  private final String workflowId;
  private final String workflowName;
  private final Map<Integer, RecordedOperation> recorded;
  private final CancelToken cancel;
  private final boolean firstExecution;
  private final List<OperationCheckpoint> deferred = new ArrayList<>();
  private final Queue<CompletableFuture<?>> writes = new ConcurrentLinkedQueue<>();
  private int lastFunctionId;

  /**
   * @param firstExecution whether this is the workflow's first execution, which the start has just
   *     recorded: then no operation of it can be recorded anywhere yet
   */
  public WorkflowFrame(
      String workflowId,
      String workflowName,
      Map<Integer, RecordedOperation> recorded,
      CancelToken cancel,
      boolean firstExecution) {
    this.workflowId = workflowId;
    this.workflowName = workflowName;
    this.recorded = recorded;
    this.cancel = cancel;
    this.firstExecution = firstExecution;
  }

  /** Whether this is the workflow's first execution (not a recovery, resumption or re-run). */
  public boolean firstExecution() {
    return firstExecution;
  }

  /**
   * Defers the system database's record of an operation already recorded elsewhere (a transaction,
   * in the application database).
   *
   * @return how many records are deferred now
   */
  public synchronized int deferCheckpoint(OperationCheckpoint checkpoint) {
    deferred.add(checkpoint);
    return deferred.size();
  }

  /** The deferred records, removed from the frame, to be written now. */
  public synchronized List<OperationCheckpoint> takeDeferredCheckpoints() {
    List<OperationCheckpoint> taken = List.copyOf(deferred);
    deferred.clear();
    return taken;
  }

  /** A write of deferred records under way in the background. */
  public void addCheckpointWrite(CompletableFuture<?> write) {
    writes.add(write);
  }

  /** Waits for the writes under way in the background; each reports its own failure. */
  public void awaitCheckpointWrites() {
    CompletableFuture<?> next;
    while ((next = writes.poll()) != null) {
      next.join();
    }
  }

  /** The execution's cancel token: every wait of the workflow ends when it is cancelled. */
  public CancelToken cancelToken() {
    return cancel;
  }

  public String workflowId() {
    return workflowId;
  }

  public String workflowName() {
    return workflowName;
  }

  /**
   * Reserves the next step position; positions start at 1 and follow the order of calls. Every
   * durable operation of the workflow body (step, transaction, send, recv, setEvent, getEvent,
   * sleep, child start) begins here, so this is where a cancelled execution stops: the operation
   * throws, and records nothing.
   *
   * @throws org.dbos4j.DBOSWorkflowCancelledException if the execution has been cancelled
   */
  public int nextFunctionId() {
    cancel.throwIfCancelled();
    return ++lastFunctionId;
  }

  /**
   * What an earlier execution recorded at {@code functionId} for the operation {@code name}, or
   * null if nothing.
   *
   * @throws DBOSUnexpectedStepException if another operation is recorded there
   */
  public @Nullable RecordedOperation recordedAs(int functionId, String name) {
    RecordedOperation op = recorded(functionId);
    if (op != null && !op.functionName().equals(name)) {
      throw new DBOSUnexpectedStepException(workflowId, functionId, op.functionName(), name);
    }
    return op;
  }

  /** What an earlier execution recorded at {@code functionId}, or null if nothing. */
  public @Nullable RecordedOperation recorded(int functionId) {
    return recorded.isEmpty() ? null : recorded.get(functionId);
  }
}
