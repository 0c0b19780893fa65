/**
 * Implementation of dbos4j (the admin HTTP server). Not supported API: it may change in any
 * release.
 *
 * <p>A launched process with {@code adminPort} set serves JSON over HTTP for operators and
 * orchestrators: health, listing and inspecting workflows, cancel, resume, fork, queued workflows,
 * and the takeover of another executor's pending workflows.
 *
 * <p>The server is the JDK's {@code com.sun.net.httpserver.HttpServer} (module {@code
 * jdk.httpserver}, in every JDK since 6 and exported API since 9), not Jetty: the core stays free
 * of a web server dependency, which would otherwise reach every application (and clash with the
 * Jetty, Tomcat or Netty version it already has), for a handful of small JSON requests from
 * operators, where throughput does not matter. Jetty stays in {@code dbos4j-servlet}, for
 * applications that serve their own traffic.
 *
 * <ul>
 *   <li>{@code AdminServer}: the server's lifecycle, its threads, the token check, the responses
 *       and the status code of each failure;
 *   <li>{@code AdminEndpoints}: the routes and what each does, through the code the {@code DBOS}
 *       methods use ({@code WorkflowManagement}, cancellation, resumption, recovery, fork);
 *   <li>{@code QueryParameters}, {@code WorkflowFilters}, {@code ForkRequest}: the parsing of
 *       requests, each refusal a 400 ({@code HttpProblem}) naming the parameter or property;
 *   <li>{@code AdminJson}: the JSON of errors and request bodies, and of statuses and steps as
 *       {@code management.WorkflowJson} writes them;
 *   <li>{@code BearerToken}: the constant-time token comparison.
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.admin;

import org.jspecify.annotations.NullMarked;
