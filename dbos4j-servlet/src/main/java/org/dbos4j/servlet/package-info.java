/**
 * dbos4j for Jakarta Servlet containers: {@link org.dbos4j.servlet.DBOSServletFilter} gives the
 * code that handles each HTTP request, and the workflows it starts, the request ({@link
 * org.dbos4j.DBOS#request()}), the caller's identity from a {@link
 * org.dbos4j.servlet.DBOSAuthenticator}, and the request's idempotency key as the ID of the first
 * workflow it starts.
 */
@NullMarked
package org.dbos4j.servlet;

import org.jspecify.annotations.NullMarked;
