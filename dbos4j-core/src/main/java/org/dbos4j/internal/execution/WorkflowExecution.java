package org.dbos4j.internal.execution;

import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dbos4j.DBOSRequest;
import org.dbos4j.internal.context.ContextScope;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.Identity;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.QueuePartition;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.dbos4j.internal.time.CancelToken;
import org.dbos4j.internal.tracing.Tracing;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * One execution of a workflow in this process: runs the body on the current thread inside the
 * workflow's context (its frame of recorded steps, its cancel token, its caller's identity and
 * request, its span, the workflow ID in the MDC), records how it ended, and completes its outcome,
 * which handles and attached callers wait on.
 *
 * <p>An execution stopped by an outage of the system database leaves its outcome open: {@link
 * StrandedExecutions} resumes the workflow once the database answers and completes it.
 *
 * <p>A cancelled execution records nothing more, not even how it ended: its canceller recorded the
 * state. Its outcome, like that of an execution whose completion found the row no longer PENDING,
 * is the row's (see {@link WorkflowOutcomes#record}).
 */
final class WorkflowExecution {
  /** MDC key holding the ID of the workflow running on a thread. */
  static final String MDC_WORKFLOW_ID = "dbos.workflow_id";

  private final String workflowId;
  private final RegisteredWorkflow workflow;
  private final Object[] args;
  private final CompletableFuture<@Nullable Object> outcome = new CompletableFuture<>();
  private final CompletableFuture<Void> released = new CompletableFuture<>();
  private final CancelToken cancel;
  // set before the execution runs, from its row as recorded: null if it has no deadline
  private @Nullable Long deadline;
  private final @Nullable QueuePartition queue;
  // replaced before the execution runs if the start found the workflow recorded already
  private WorkflowCaller caller;

  /**
   * @param queue the queue partition the workflow was dequeued from, whose worker concurrency the
   *     execution counts against; null if it is not on a queue
   */
  WorkflowExecution(
      String workflowId,
      RegisteredWorkflow workflow,
      Object[] args,
      WorkflowCaller caller,
      @Nullable QueuePartition queue) {
    this.workflowId = workflowId;
    this.workflow = workflow;
    this.args = args;
    this.cancel = new CancelToken(workflowId);
    this.caller = caller;
    this.queue = queue;
  }

  /** Runs the execution in {@code recorded}'s context: set before it runs. */
  void runAs(WorkflowCaller recorded) {
    this.caller = recorded;
  }

  String workflowId() {
    return workflowId;
  }

  RegisteredWorkflow workflow() {
    return workflow;
  }

  CompletableFuture<@Nullable Object> outcome() {
    return outcome;
  }

  CancelToken cancelToken() {
    return cancel;
  }

  @Nullable QueuePartition queue() {
    return queue;
  }

  /**
   * Completes once the execution has ended and let go of its workflow ID, so that a new execution
   * of the workflow may start here.
   */
  CompletableFuture<Void> released() {
    return released;
  }

  /** When the workflow is cancelled for its timeout (epoch ms), or null if never. */
  @Nullable Long deadline() {
    return deadline;
  }

  /** Sets the deadline the workflow's row records; set before the execution runs. */
  void deadline(@Nullable Long deadlineMillis) {
    this.deadline = deadlineMillis;
  }

  /**
   * Runs the body on the current thread and records its outcome; returns or rethrows it.
   *
   * @param firstExecution whether the start has just recorded the workflow: then nothing is
   *     recorded for it yet, and the body runs without loading its steps
   */
  @Nullable Object run(
      boolean firstExecution,
      OperationOutputsDao operations,
      DeferredCheckpoints checkpoints,
      WorkflowOutcomes outcomes,
      StrandedExecutions stranded)
      throws Throwable {
    ContextScope scope = ContextScope.open();
    DBOSContext ctx = scope.context();
    WorkflowFrame outerWorkflow = ctx.workflow();
    String outerStep = ctx.stepName();
    int outerStepFunctionId = ctx.stepFunctionId();
    String outerNextId = ctx.nextWorkflowId();
    Identity outerIdentity = ctx.identity();
    DBOSRequest outerRequest = ctx.request();
    String outerMdc = MDC.get(MDC_WORKFLOW_ID);
    Scope spanScope = Tracing.enter(caller.span());
    try {
      Map<Integer, RecordedOperation> recorded =
          firstExecution ? Map.of() : operations.loadAll(workflowId);
      WorkflowFrame frame =
          new WorkflowFrame(workflowId, workflow.name(), recorded, cancel, firstExecution);
      ctx.setWorkflow(frame);
      ctx.setStep(null, 0);
      ctx.setNextWorkflowId(null);
      ctx.setIdentity(caller.identity());
      ctx.setRequest(caller.request());
      MDC.put(MDC_WORKFLOW_ID, workflowId);
      Object result = null;
      Throwable failure = null;
      try {
        result = workflow.invoke(args);
      } catch (Throwable t) {
        failure = t;
      }
      checkpoints.writeAll(frame);
      Object value = outcomes.record(workflowId, workflow, result, failure, cancel);
      // ended before the outcome completes, so whoever waits for it finds the span finished
      caller.span().end();
      outcome.complete(value);
      return value;
    } catch (Throwable t) {
      Tracing.fail(caller.span(), t);
      caller.span().end();
      if (t instanceof SystemDatabaseException e && e.outage()) {
        stranded.add(workflowId, workflow, outcome);
      } else {
        outcome.completeExceptionally(t);
      }
      throw t;
    } finally {
      ctx.setWorkflow(outerWorkflow);
      ctx.setStep(outerStep, outerStepFunctionId);
      ctx.setNextWorkflowId(outerNextId);
      ctx.setIdentity(outerIdentity);
      ctx.setRequest(outerRequest);
      spanScope.close();
      if (outerMdc == null) {
        MDC.remove(MDC_WORKFLOW_ID);
      } else {
        MDC.put(MDC_WORKFLOW_ID, outerMdc);
      }
      scope.close();
    }
  }
}
