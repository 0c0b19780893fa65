package org.dbos4j.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.ForkOptions;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.execution.WorkflowCancellation;
import org.dbos4j.internal.execution.WorkflowRecovery;
import org.dbos4j.internal.execution.WorkflowResumption;
import org.dbos4j.internal.management.WorkflowManagement;
import org.jspecify.annotations.Nullable;

/**
 * The routes of the admin API and what each does. Each endpoint calls the code that the
 * corresponding {@code DBOS} method calls, so that an operator's cancel, resume or fork is exactly
 * the application's.
 *
 * <pre>
 * GET  /dbos-healthz                 {"status": "healthy"}
 * POST /dbos-workflow-recovery       ["executor-id", ...]  ->  ["workflow-id", ...] taken over
 * GET  /workflows?filters            [status, ...]  (filters: see WorkflowFilters)
 * GET  /queues?filters               {"queue name": [status, ...], ...}  queued workflows
 * GET  /workflows/{id}               the workflow's status
 * GET  /workflows/{id}/steps         [step, ...] in step order
 * POST /workflows/{id}/cancel        the status after cancelling
 * POST /workflows/{id}/resume        the status after resuming
 * POST /workflows/{id}/fork          {"start_step": n, ...} (see ForkRequest) -> {"workflow_id": fork}
 * </pre>
 */
public final class AdminEndpoints {
  /** The health check's path, the one a token does not guard (probes carry no secrets). */
  static final String HEALTH = "/dbos-healthz";

  /** What an endpoint does with a request; a refusal throws {@link HttpProblem}. */
  @FunctionalInterface
  interface Handler {
    JsonNode answer(Request request);
  }

  /** A request as an endpoint sees it: the workflow ID of its path, if any, query and body. */
  record Request(@Nullable String workflowId, QueryParameters query, byte[] body) {
    String id() {
      if (workflowId == null) {
        throw new IllegalStateException("a route without a workflow ID");
      }
      return workflowId;
    }
  }

  /** Records a fork and starts it where {@code DBOS.forkWorkflow} would; returns the fork's ID. */
  @FunctionalInterface
  public interface Fork {
    String fork(String workflowId, int startStep, ForkOptions options);
  }

  /** Where a path leads: the one method it answers, its handler, the workflow ID in the path. */
  record Route(String method, Handler handler, @Nullable String workflowId) {}

  private final AdminJson json = new AdminJson();
  private final WorkflowManagement management;
  private final WorkflowCancellation cancellation;
  private final WorkflowResumption resumption;
  private final WorkflowRecovery recovery;
  private final Fork fork;

  public AdminEndpoints(
      WorkflowManagement management,
      WorkflowCancellation cancellation,
      WorkflowResumption resumption,
      WorkflowRecovery recovery,
      Fork fork) {
    this.management = management;
    this.cancellation = cancellation;
    this.resumption = resumption;
    this.recovery = recovery;
    this.fork = fork;
  }

  AdminJson json() {
    return json;
  }

  /**
   * The route of a raw (percent-encoded) path; a workflow ID in it is one path segment, decoded, so
   * an ID with a {@code /} is written {@code %2F}.
   *
   * @throws HttpProblem 404 for a path the API does not have
   */
  Route route(String rawPath) {
    List<String> s = segments(rawPath);
    if (s.size() == 1) {
      switch (s.get(0)) {
        case "dbos-healthz":
          return new Route("GET", this::health, null);
        case "dbos-workflow-recovery":
          return new Route("POST", this::recover, null);
        case "workflows":
          return new Route("GET", this::list, null);
        case "queues":
          return new Route("GET", this::queues, null);
        default:
          break;
      }
    } else if (s.get(0).equals("workflows") && s.size() == 2) {
      return new Route("GET", this::status, s.get(1));
    } else if (s.get(0).equals("workflows") && s.size() == 3) {
      String id = s.get(1);
      switch (s.get(2)) {
        case "steps":
          return new Route("GET", this::steps, id);
        case "cancel":
          return new Route("POST", this::cancel, id);
        case "resume":
          return new Route("POST", this::resume, id);
        case "fork":
          return new Route("POST", this::fork, id);
        default:
          break;
      }
    }
    throw HttpProblem.notFound("no such endpoint: " + rawPath);
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/", -1)) {
      try {
        // '+' is a plus in a path (URLDecoder would make it a space)
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw HttpProblem.badRequest("the path is not valid percent-encoding: " + rawPath);
      }
    }
    // a path starts with '/', so the first segment is empty; an empty one elsewhere matches nothing
    segments.remove(0);
    if (segments.isEmpty() || segments.contains("")) {
      throw HttpProblem.notFound("no such endpoint: " + rawPath);
    }
    return segments;
  }

  private JsonNode health(Request r) {
    r.query().allowOnly(Set.of());
    return json.object().put("status", "healthy");
  }

  /**
   * Takes over the pending workflows of the executors the body names, through the claim automatic
   * takeover uses: only workflows whose process is gone, each by one process.
   */
  private JsonNode recover(Request r) {
    r.query().allowOnly(Set.of());
    JsonNode body = json.read(r.body());
    if (!body.isArray()) {
      throw HttpProblem.badRequest(
          "the body must be a JSON array of executor IDs, such as [\"local\"]");
    }
    List<String> executors = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode e = body.get(i);
      if (!e.isTextual() || e.asText().isBlank()) {
        throw HttpProblem.badRequest(
            "element " + i + " of the body must be an executor ID (a non-blank string)");
      }
      executors.add(e.asText());
    }
    ArrayNode ids = json.array();
    recovery.recoverExecutors(executors).forEach(ids::add);
    return ids;
  }

  private JsonNode list(Request r) {
    ArrayNode statuses = json.array();
    management
        .listWorkflows(WorkflowFilters.of(r.query()))
        .forEach(s -> statuses.add(json.status(s)));
    return statuses;
  }

  /** The queued workflows by queue name, names in alphabetical order. */
  private JsonNode queues(Request r) {
    Map<String, ArrayNode> byQueue = new TreeMap<>();
    for (WorkflowStatus s : management.listQueued(WorkflowFilters.of(r.query()))) {
      byQueue.computeIfAbsent(String.valueOf(s.queueName()), q -> json.array()).add(json.status(s));
    }
    ObjectNode queues = json.object();
    byQueue.forEach(queues::set);
    return queues;
  }

  private JsonNode steps(Request r) {
    r.query().allowOnly(Set.of());
    ArrayNode steps = json.array();
    management.listWorkflowSteps(r.id()).forEach(s -> steps.add(json.step(s)));
    return steps;
  }

  private JsonNode status(Request r) {
    r.query().allowOnly(Set.of());
    return json.status(statusOf(r.id()));
  }

  private JsonNode cancel(Request r) {
    r.query().allowOnly(Set.of());
    cancellation.cancel(r.id());
    return json.status(statusOf(r.id()));
  }

  private JsonNode resume(Request r) {
    r.query().allowOnly(Set.of());
    resumption.resume(r.id());
    return json.status(statusOf(r.id()));
  }

  private JsonNode fork(Request r) {
    r.query().allowOnly(Set.of());
    ForkRequest f = ForkRequest.of(json.read(r.body()));
    return json.object().put("workflow_id", fork.fork(r.id(), f.startStep(), f.options()));
  }

  /** The recorded status; a 404 (through the exception) if there is no such workflow. */
  private WorkflowStatus statusOf(String workflowId) {
    WorkflowStatus s = management.status(workflowId);
    if (s == null) {
      throw new DBOSNonExistentWorkflowException(workflowId);
    }
    return s;
  }
}
