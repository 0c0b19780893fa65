package org.dbos4j;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** {@link WorkflowLivenessTest} on Java 21+, where workflows run on virtual threads. */
@Tag("java21")
@EnabledForJreRange(min = JRE.JAVA_21)
class WorkflowLivenessOnVirtualThreadsTest extends WorkflowLivenessTest {}
