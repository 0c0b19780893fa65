/**
 * Implementation of dbos4j (notify: wake-ups for recv, getEvent and results). Not supported API: it
 * may change in any release.
 */
@NullMarked
package org.dbos4j.internal.notify;

import org.jspecify.annotations.NullMarked;
