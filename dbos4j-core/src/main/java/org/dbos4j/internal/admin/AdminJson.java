package org.dbos4j.internal.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowStatus;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the admin API. Property names are snake_case, as in DBOS's admin API and the query
 * parameters; every property is present, null when it has no value, so scripts can rely on the
 * shape. Times are ISO-8601 instants, durations milliseconds. Inputs and outputs are written as
 * plain JSON (without the class names the system database records); a value Jackson cannot write
 * appears as its {@code toString()}.
 */
final class AdminJson {
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

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

  /** A workflow's status, with the properties of {@link WorkflowStatus} in its order. */
  ObjectNode status(WorkflowStatus s) {
    ObjectNode o = object();
    o.put("workflow_id", s.workflowId());
    o.put("status", s.state().name());
    o.put("name", s.name());
    o.put("class_name", s.className());
    o.put("instance_name", s.instanceName());
    o.put("authenticated_user", s.authenticatedUser());
    o.put("assumed_role", s.assumedRole());
    ArrayNode roles = o.putArray("authenticated_roles");
    s.authenticatedRoles().forEach(roles::add);
    o.set("input", s.input() == null ? NullNode.getInstance() : values(s.input()));
    o.set("output", value(s.output()));
    o.set("error", error(s.error()));
    o.put("queue_name", s.queueName());
    o.put("executor_id", s.executorId());
    o.put("app_version", s.appVersion());
    o.put("recovery_attempts", s.recoveryAttempts());
    o.put("created_at", s.createdAt().toString());
    o.put("updated_at", s.updatedAt().toString());
    o.put("parent_workflow_id", s.parentWorkflowId());
    o.put("forked_from", s.forkedFrom());
    o.put("priority", s.priority());
    o.put("deduplication_id", s.deduplicationId());
    o.put("partition_key", s.partitionKey());
    o.set("timeout_ms", millis(s.timeout()));
    o.put("deadline", text(s.deadline()));
    o.put("started_at", text(s.startedAt()));
    o.put("completed_at", text(s.completedAt()));
    return o;
  }

  /** One recorded operation of a workflow, with the properties of {@link StepInfo}. */
  ObjectNode step(StepInfo s) {
    ObjectNode o = object();
    o.put("function_id", s.functionId());
    o.put("function_name", s.functionName());
    o.set("output", value(s.output()));
    o.set("error", error(s.error()));
    o.put("child_workflow_id", s.childWorkflowId());
    o.put("started_at", text(s.startedAt()));
    o.put("completed_at", text(s.completedAt()));
    return o;
  }

  /** {@code {"class": ..., "message": ...}}, or null. */
  JsonNode error(@Nullable Throwable error) {
    if (error == null) {
      return NullNode.getInstance();
    }
    return object().put("class", error.getClass().getName()).put("message", error.getMessage());
  }

  /** A recorded value as plain JSON; its {@code toString()} if Jackson cannot write it. */
  JsonNode value(@Nullable Object value) {
    try {
      return mapper.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return mapper.getNodeFactory().textNode(String.valueOf(value));
    }
  }

  private ArrayNode values(Object[] values) {
    ArrayNode a = array();
    for (Object v : values) {
      a.add(value(v));
    }
    return a;
  }

  static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private JsonNode millis(@Nullable Duration d) {
    return d == null ? NullNode.getInstance() : mapper.getNodeFactory().numberNode(d.toMillis());
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
