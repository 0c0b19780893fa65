/** Implementation of dbos4j. Not supported API: it may change in any release. */
@NullMarked
package org.dbos4j.internal;

import org.jspecify.annotations.NullMarked;
