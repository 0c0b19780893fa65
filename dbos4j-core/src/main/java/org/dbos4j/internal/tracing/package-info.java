/**
 * Implementation of dbos4j (tracing: the OpenTelemetry spans of workflows, steps and transactions).
 * Not supported API: it may change in any release.
 *
 * <ul>
 *   <li>{@code Tracing}: starts the spans, and writes and reads the trace context a workflow
 *       records so that its recovery continues the same trace.
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.tracing;

import org.jspecify.annotations.NullMarked;
