package org.dbos4j.internal.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowStatus;
import org.jspecify.annotations.Nullable;

/**
 * Workflows and their steps as operators read them, in the admin HTTP API and the command line's
 * {@code --json} alike, so that a script reads both the same way. Property names are snake_case, as
 * in DBOS's admin API; every property is present, null when it has no value. Times are ISO-8601
 * instants, durations milliseconds, an error its class and message. Inputs and outputs are written
 * as plain JSON (without the class names the system database records); a value Jackson cannot write
 * appears as its {@code toString()}.
 */
public final class WorkflowJson {
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  /** The mapper the trees are built with, which writes them too. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** A workflow's status, with the properties of {@link WorkflowStatus} in its order. */
  public ObjectNode status(WorkflowStatus s) {
    ObjectNode o = mapper.createObjectNode();
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
  public ObjectNode step(StepInfo s) {
    ObjectNode o = mapper.createObjectNode();
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
  public JsonNode error(@Nullable Throwable error) {
    if (error == null) {
      return NullNode.getInstance();
    }
    return mapper
        .createObjectNode()
        .put("class", error.getClass().getName())
        .put("message", error.getMessage());
  }

  /** A recorded value as plain JSON; its {@code toString()} if Jackson cannot write it. */
  public JsonNode value(@Nullable Object value) {
    try {
      return mapper.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return mapper.getNodeFactory().textNode(String.valueOf(value));
    }
  }

  private ArrayNode values(Object[] values) {
    ArrayNode a = mapper.createArrayNode();
    for (Object v : values) {
      a.add(value(v));
    }
    return a;
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private JsonNode millis(@Nullable Duration d) {
    return d == null ? NullNode.getInstance() : mapper.getNodeFactory().numberNode(d.toMillis());
  }
}
