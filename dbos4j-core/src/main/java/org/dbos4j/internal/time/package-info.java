/**
 * Implementation of dbos4j (time: the time source every wait goes through, and the cancel token
 * that ends the waits of one workflow execution). Not supported API: it may change in any release.
 */
@NullMarked
package org.dbos4j.internal.time;

import org.jspecify.annotations.NullMarked;
