/**
 * Implementation of dbos4j (execution: running workflows and steps). Not supported API: it may
 * change in any release.
 *
 * <ul>
 *   <li>Starting: {@code WorkflowStarts} admits every start (direct call, background start,
 *       enqueue, resumption) and dispatches it, and runs the workflows a queue dispatcher took;
 *       {@code WorkflowThreads} makes the default executor; {@code WorkflowRecovery} resumes
 *       pending workflows at launch; {@code StrandedExecutions} resumes those an outage of the
 *       system database stopped.
 *   <li>Running: {@code WorkflowExecution} runs one body in its context; {@code RunningWorkflows}
 *       are this process's executions by ID; {@code StepRunner} runs and checkpoints steps, with
 *       the {@code RetryPolicy} of each.
 *   <li>Outcomes: {@code WorkflowOutcomes} records and reads them in the system database; {@code
 *       WorkflowHandles} are built on it.
 *   <li>Stopping and resuming: {@code WorkflowCancellation} cancels a workflow with its
 *       descendants, {@code WorkflowTimeouts} does so at their deadlines, {@code
 *       WorkflowResumption} runs a cancelled workflow again.
 *   <li>Context operations: {@code WorkflowMessages} (send, recv), {@code WorkflowEvents}
 *       (setEvent, getEvent), {@code DurableSleep}, and the {@code DurableDeadlines} of their
 *       timeouts, sharing {@code OperationServices}.
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.execution;

import org.jspecify.annotations.NullMarked;
