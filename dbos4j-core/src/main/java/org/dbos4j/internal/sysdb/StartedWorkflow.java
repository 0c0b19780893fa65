package org.dbos4j.internal.sysdb;

/**
 * What the start of a workflow found: whether this call created the row, and the row as it now
 * stands (for an existing workflow: its recorded name, status and outcome).
 */
public record StartedWorkflow(boolean created, WorkflowRow row) {}
