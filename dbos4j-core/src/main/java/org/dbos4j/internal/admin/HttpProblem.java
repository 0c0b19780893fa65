package org.dbos4j.internal.admin;

import org.jspecify.annotations.Nullable;

/**
 * A request the admin server refuses: the HTTP status, the message of the JSON error it answers
 * with, and a header the status calls for ({@code Allow} for 405, {@code WWW-Authenticate} for
 * 401).
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final @Nullable String headerName;
  final @Nullable String headerValue;

  private HttpProblem(
      int status, String message, @Nullable String headerName, @Nullable String headerValue) {
    super(message, null, false, false);
    this.status = status;
    this.headerName = headerName;
    this.headerValue = headerValue;
  }

  /** 400: the message names the field (query parameter or body property) at fault. */
  static HttpProblem badRequest(String message) {
    return new HttpProblem(400, message, null, null);
  }

  static HttpProblem unauthorized() {
    return new HttpProblem(
        401,
        "this admin server requires the header 'Authorization: Bearer <adminToken>'",
        "WWW-Authenticate",
        "Bearer realm=\"dbos4j-admin\"");
  }

  static HttpProblem notFound(String message) {
    return new HttpProblem(404, message, null, null);
  }

  static HttpProblem methodNotAllowed(String method, String path, String allowed) {
    return new HttpProblem(
        405, method + " is not allowed on " + path + "; use " + allowed, "Allow", allowed);
  }

  static HttpProblem tooLarge(int limit) {
    return new HttpProblem(413, "the request body is larger than " + limit + " bytes", null, null);
  }
}
