package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reading endpoints of the admin API over real HTTP: a workflow's status, the listing with
 * every filter, order and page, a workflow's steps, and the queued workflows by queue.
 */
@BothBackends
class AdminWorkflowsEndpointTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private AdminApp app;

  @Test
  void getsAWorkflowsStatusByIdWithAnyCharacterInIt() throws Exception {
    app = AdminApp.launch(db);
    String id = "order 42/a+b";
    DBOS.startWorkflow(
            () -> app.flows.greet("ada"), StartWorkflowOptions.builder().workflowId(id).build())
        .getResult();

    AdminHttp.Reply r = app.http.get("/workflows/" + pathSegment(id));

    assertThat(r.status()).isEqualTo(200);
    JsonNode s = r.json();
    assertThat(s.get("workflow_id").asText()).isEqualTo(id);
    assertThat(s.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(s.get("name").asText()).isEqualTo("FlowsImpl.greet");
    assertThat(s.get("class_name").asText()).isEqualTo(AdminApp.FlowsImpl.class.getName());
    assertThat(s.get("input").toString()).isEqualTo("[\"ada\"]");
    assertThat(s.get("output").asText()).isEqualTo("hello ada");
    assertThat(s.get("error").isNull()).isTrue();
    assertThat(s.get("executor_id").asText()).isEqualTo("local");
    assertThat(s.get("app_version").asText()).isEqualTo("test-version");
    assertThat(s.get("recovery_attempts").asInt()).isEqualTo(1);
    assertThat(Instant.parse(s.get("created_at").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(s.get("queue_name").isNull()).isTrue();
    assertThat(s.get("authenticated_roles").isArray()).isTrue();
    assertThat(s.has("completed_at")).isTrue();
  }

  @Test
  void listsWorkflowsWithFiltersOrderAndPage() throws Exception {
    app = AdminApp.launch(db);
    for (String name : List.of("a", "b", "c")) {
      DBOS.startWorkflow(
              () -> app.flows.greet(name),
              StartWorkflowOptions.builder().workflowId("list-" + name).build())
          .getResult();
    }

    assertThat(ids("/workflows")).containsExactly("list-a", "list-b", "list-c");
    assertThat(ids("/workflows?sort_desc=true")).containsExactly("list-c", "list-b", "list-a");
    assertThat(ids("/workflows?limit=1&offset=1")).containsExactly("list-b");
    assertThat(ids("/workflows?workflow_id=list-c&workflow_id=list-a"))
        .containsExactly("list-a", "list-c");
    assertThat(ids("/workflows?status=ERROR,SUCCESS")).hasSize(3);
    assertThat(ids("/workflows?status=PENDING&status=CANCELLED")).isEmpty();
    assertThat(ids("/workflows?name=FlowsImpl.greet&executor_id=local&app_version=test-version"))
        .hasSize(3);
    assertThat(ids("/workflows?name=FlowsImpl.held")).isEmpty();
    assertThat(ids("/workflows?workflow_id_prefix=list-b")).containsExactly("list-b");
    assertThat(ids("/workflows?created_after=2100-01-01T00:00:00Z")).isEmpty();
    assertThat(ids("/workflows?created_before=2100-01-01T00:00:00Z")).hasSize(3);
    for (String other :
        List.of(
            "queue_name=q",
            "authenticated_user=alice",
            "parent_workflow_id=list-a",
            "forked_from=list-a",
            "executor_id=elsewhere",
            "app_version=v0")) {
      assertThat(ids("/workflows?" + other)).as(other).isEmpty();
    }
    JsonNode bare = app.http.get("/workflows?load_input=false&load_output=false&limit=1").json();
    assertThat(bare.get(0).get("input").isNull()).isTrue();
    assertThat(bare.get(0).get("output").isNull()).isTrue();
    JsonNode full = app.http.get("/workflows?limit=1").json();
    assertThat(full.get(0).get("input").toString()).isEqualTo("[\"a\"]");
    assertThat(full.get(0).get("output").asText()).isEqualTo("hello a");
  }

  @Test
  void badListingParametersAre400NamingTheParameter() throws Exception {
    app = AdminApp.launch(db);

    AdminApp.assertBadRequest(app.http.get("/workflows?limit=0"), "'limit'");
    AdminApp.assertBadRequest(app.http.get("/workflows?offset=-1"), "'offset'");
    AdminApp.assertBadRequest(app.http.get("/workflows?limit=ten"), "'limit'");
    AdminApp.assertBadRequest(app.http.get("/workflows?status=DONE"), "'status'");
    AdminApp.assertBadRequest(
        app.http.get("/workflows?created_after=yesterday"), "'created_after'");
    AdminApp.assertBadRequest(
        app.http.get("/workflows?created_before=2026-13-01"), "'created_before'");
    AdminApp.assertBadRequest(app.http.get("/workflows?sort_desc=yes"), "'sort_desc'");
    AdminApp.assertBadRequest(app.http.get("/workflows?load_input=1"), "'load_input'");
    AdminApp.assertBadRequest(app.http.get("/workflows?name="), "'name'");
    AdminApp.assertBadRequest(app.http.get("/workflows?name=a&name=b"), "'name'");
    AdminApp.assertBadRequest(app.http.get("/workflows?colour=red"), "'colour'");
    AdminApp.assertBadRequest(app.http.get("/queues?limit=0"), "'limit'");
    AdminApp.assertBadRequest(app.http.get("/workflows/x/steps?all=true"), "'all'");
  }

  @Test
  void listsAWorkflowsSteps() throws Exception {
    app = AdminApp.launch(db);
    DBOS.startWorkflow(
            () -> app.flows.greet("ada"),
            StartWorkflowOptions.builder().workflowId("stepped").build())
        .getResult();

    AdminHttp.Reply r = app.http.get("/workflows/stepped/steps");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().size()).isOne();
    JsonNode step = r.json().get(0);
    assertThat(step.get("function_id").asInt()).isEqualTo(1);
    assertThat(step.get("function_name").asText()).isEqualTo("greeting");
    assertThat(step.get("output").asText()).isEqualTo("hello ada");
    assertThat(step.get("error").isNull()).isTrue();
    assertThat(step.get("child_workflow_id").isNull()).isTrue();
    AdminHttp.Reply unknown = app.http.get("/workflows/nope/steps");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).contains("nope");
  }

  @Test
  void listsQueuedWorkflowsByQueue() throws Exception {
    Gate gate = new Gate(2);
    app =
        AdminApp.launch(
            db,
            gate,
            c -> c,
            Queue.builder("q1").concurrency(1).build(),
            Queue.builder("q2").concurrency(1).build());
    DBOS.startWorkflow(() -> app.flows.greet("direct")).getResult();
    List<WorkflowHandle<String>> handles = new ArrayList<>();
    for (String[] idAndQueue :
        new String[][] {{"q2-first", "q2"}, {"q1-only", "q1"}, {"q2-second", "q2"}}) {
      handles.add(
          DBOS.startWorkflow(
              () -> app.flows.held(idAndQueue[0]),
              StartWorkflowOptions.builder()
                  .workflowId(idAndQueue[0])
                  .queue(idAndQueue[1])
                  .build()));
    }
    gate.awaitArrivals();

    JsonNode queues = app.http.get("/queues").json();

    assertThat(queues.fieldNames()).toIterable().containsExactly("q1", "q2");
    assertThat(idsOf(queues.get("q1"))).containsExactly("q1-only");
    assertThat(idsOf(queues.get("q2"))).containsExactly("q2-first", "q2-second");
    assertThat(queues.get("q2").get(0).get("status").asText()).isEqualTo("PENDING");
    assertThat(queues.get("q2").get(1).get("status").asText()).isEqualTo("ENQUEUED");
    assertThat(queues.get("q2").get(1).get("queue_name").asText()).isEqualTo("q2");
    JsonNode onlyQ2 = app.http.get("/queues?queue_name=q2&status=ENQUEUED").json();
    assertThat(onlyQ2.fieldNames()).toIterable().containsExactly("q2");
    assertThat(idsOf(onlyQ2.get("q2"))).containsExactly("q2-second");
    gate.open();
    for (WorkflowHandle<String> h : handles) {
      h.getResult();
    }
    assertThat(app.http.get("/queues").json().size()).as("nothing queued any more").isZero();
  }

  private List<String> ids(String pathAndQuery) throws Exception {
    AdminHttp.Reply r = app.http.get(pathAndQuery);
    assertThat(r.status()).as(pathAndQuery + " " + r.json()).isEqualTo(200);
    return idsOf(r.json());
  }

  private static List<String> idsOf(JsonNode statuses) {
    assertThat(statuses.isArray()).as(statuses.toString()).isTrue();
    List<String> ids = new ArrayList<>();
    statuses.forEach(s -> ids.add(s.get("workflow_id").asText()));
    return ids;
  }

  private static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
