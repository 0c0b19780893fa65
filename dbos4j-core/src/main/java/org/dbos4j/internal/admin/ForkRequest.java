package org.dbos4j.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.dbos4j.ForkOptions;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /workflows/{id}/fork}, DBOS's property names plus a timeout:
 *
 * <pre>
 * {"start_step": 3,                      required, 1 or more
 *  "new_workflow_id": "order-42-retry",  optional, default a random UUID
 *  "application_version": "v2",          optional, default this process's version
 *  "timeout_ms": 60000}                  optional, positive
 * </pre>
 */
record ForkRequest(int startStep, ForkOptions options) {
  private static final Set<String> PROPERTIES =
      Set.of("start_step", "new_workflow_id", "application_version", "timeout_ms");

  /**
   * @throws HttpProblem 400 naming the first missing, bad or unknown property
   */
  static ForkRequest of(JsonNode body) {
    if (!body.isObject()) {
      throw HttpProblem.badRequest(
          "the body must be a JSON object such as {\"start_step\": 1}, with optional"
              + " new_workflow_id, application_version and timeout_ms");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!PROPERTIES.contains(name)) {
        throw HttpProblem.badRequest(
            "unknown property '" + name + "'; known: " + new TreeSet<>(PROPERTIES));
      }
    }
    JsonNode step = body.get("start_step");
    if (step == null || !step.canConvertToInt() || !step.isIntegralNumber() || step.asInt() < 1) {
      throw HttpProblem.badRequest(
          "property 'start_step' is required and must be an integer >= 1, got " + step);
    }
    ForkOptions.Builder options = ForkOptions.builder();
    String id = text(body, "new_workflow_id");
    if (id != null) {
      options.forkedWorkflowId(id);
    }
    String version = text(body, "application_version");
    if (version != null) {
      options.appVersion(version);
    }
    JsonNode timeout = body.get("timeout_ms");
    if (timeout != null && !timeout.isNull()) {
      if (!timeout.isIntegralNumber() || !timeout.canConvertToLong() || timeout.asLong() < 1) {
        throw HttpProblem.badRequest(
            "property 'timeout_ms' must be a positive integer (milliseconds), got " + timeout);
      }
      options.timeout(Duration.ofMillis(timeout.asLong()));
    }
    return new ForkRequest(step.asInt(), options.build());
  }

  /** A non-blank string property, or null if absent or null. */
  private static @Nullable String text(JsonNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw HttpProblem.badRequest("property '" + name + "' must be a non-blank string, got " + v);
    }
    return v.asText();
  }
}
