package org.dbos4j;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One recorded operation of a workflow, as {@link DBOS#listWorkflowSteps} lists it: a step, a
 * transaction, a child workflow's start or call, or an internal operation named {@code DBOS.send},
 * {@code DBOS.recv}, {@code DBOS.sleep}, {@code DBOS.setEvent}, {@code DBOS.getEvent}, {@code
 * DBOS.getResult}, ...
 *
 * @param functionId the operation's step number in the workflow, from 1
 * @param functionName the step's recorded name ({@code <class simple name>.<method>}, the name
 *     given to {@code runStep}, a child workflow's name, or a {@code DBOS.*} name)
 * @param output what the operation returned, read back as the class recorded with it where this
 *     process has that class and allows it (JDK values, records, enums, classes named by registered
 *     methods); null if the operation failed or returned null, or its value cannot be read here
 * @param error the exception the operation ended with, or null
 * @param childWorkflowId the ID of the child workflow this operation started or called, or null
 * @param startedAt when the operation started, if recorded
 * @param completedAt when it completed, if recorded
 */
public record StepInfo(
    int functionId,
    String functionName,
    @Nullable Object output,
    @Nullable Throwable error,
    @Nullable String childWorkflowId,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt) {}
