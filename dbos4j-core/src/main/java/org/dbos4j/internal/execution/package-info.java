/**
 * Implementation of dbos4j (execution: running workflows and steps, recovery, handles). Not
 * supported API: it may change in any release.
 */
@NullMarked
package org.dbos4j.internal.execution;

import org.jspecify.annotations.NullMarked;
