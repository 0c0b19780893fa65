/**
 * Implementation of dbos4j (lifecycle: configure, launch and shutdown). Not supported API: it may
 * change in any release.
 */
@NullMarked
package org.dbos4j.internal.lifecycle;

import org.jspecify.annotations.NullMarked;
