/**
 * The public API of dbos4j: durable workflows, steps and their context in the DBOS programming
 * model. Start with {@link org.dbos4j.DBOS}.
 */
@NullMarked
package org.dbos4j;

import org.jspecify.annotations.NullMarked;
