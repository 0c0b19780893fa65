/**
 * Implementation of dbos4j (context: what dbos4j knows about the code on the current thread). Not
 * supported API: it may change in any release.
 *
 * <ul>
 *   <li>{@code DBOSContext}: the workflow a thread runs, the step it is in, the ID set for the next
 *       workflow, the caller's {@code Identity} and HTTP request; {@code ContextScope} opens and
 *       restores it, {@code RequestScope} sets the request for HTTP integrations.
 *   <li>{@code WorkflowFrame}: one running workflow on a thread: its ID, its next step position,
 *       the steps recorded by earlier executions, its cancel token.
 *   <li>{@code WorkflowCallCapture}: which workflow a {@code startWorkflow} lambda calls.
 *   <li>{@code WorkflowIds}: the rules for a valid workflow ID.
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.context;

import org.jspecify.annotations.NullMarked;
