/**
 * Implementation of dbos4j (serialize: JSON of inputs, outputs and errors). Not supported API: it
 * may change in any release.
 */
@NullMarked
package org.dbos4j.internal.serialize;

import org.jspecify.annotations.NullMarked;
