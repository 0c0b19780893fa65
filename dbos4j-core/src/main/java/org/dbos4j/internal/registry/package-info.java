/**
 * Implementation of dbos4j (registry: registered functions and their proxies, and the registered
 * queues). Not supported API: it may change in any release.
 */
@NullMarked
package org.dbos4j.internal.registry;

import org.jspecify.annotations.NullMarked;
