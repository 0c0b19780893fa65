package org.dbos4j.internal.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.management.WorkflowJson;

/**
 * The JSON of the admin API: workflows and steps as {@link WorkflowJson} writes them (shared with
 * the command line), error bodies, and request bodies read.
 */
final class AdminJson {
  private final WorkflowJson workflows = new WorkflowJson();
  private final ObjectMapper mapper = workflows.mapper();

  ObjectNode object() {
    return mapper.createObjectNode();
  }

  ArrayNode array() {
    return mapper.createArrayNode();
  }

  /** {@code {"error": message}}. */
  ObjectNode error(String message) {
    return object().put("error", message);
  }

  /** A workflow's status; see {@link WorkflowJson#status}. */
  ObjectNode status(WorkflowStatus s) {
    return workflows.status(s);
  }

  /** One recorded operation of a workflow; see {@link WorkflowJson#step}. */
  ObjectNode step(StepInfo s) {
    return workflows.step(s);
  }

  byte[] write(JsonNode json) {
    try {
      return mapper.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /**
   * A request body as JSON.
   *
   * @throws HttpProblem 400 if it is empty or not JSON
   */
  JsonNode read(byte[] body) {
    if (body.length == 0) {
      throw HttpProblem.badRequest("the request needs a JSON body");
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw HttpProblem.badRequest(
          "the request body is not valid JSON: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }
}
