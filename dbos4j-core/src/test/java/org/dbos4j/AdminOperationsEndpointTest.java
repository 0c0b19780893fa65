package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The acting endpoints of the admin API over real HTTP: cancel, resume, fork, and the takeover of
 * another executor's pending workflows through the claim automatic takeover uses.
 */
@BothBackends
class AdminOperationsEndpointTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private AdminApp app;

  @Test
  void unknownWorkflowIdsAre404NamingTheId() throws Exception {
    app = AdminApp.launch(db);

    for (String path : List.of("/workflows/nope", "/workflows/nope/cancel")) {
      AdminHttp.Reply r =
          path.endsWith("cancel") ? app.http.post(path, null) : app.http.send("GET", path, null);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.json().get("error").asText()).as(path).contains("nope");
    }
    AdminHttp.Reply resume = app.http.post("/workflows/nope/resume", null);
    assertThat(resume.status()).isEqualTo(404);
    assertThat(resume.json().get("error").asText()).contains("nope");
  }

  @Test
  void cancelsAndResumesAWorkflow() throws Exception {
    Gate gate = new Gate(1);
    app = AdminApp.launch(db, gate, c -> c);
    WorkflowHandle<String> h =
        DBOS.startWorkflow(
            () -> app.flows.held("bo"),
            StartWorkflowOptions.builder().workflowId("held-1").build());
    gate.awaitArrivals();

    AdminHttp.Reply cancelled = app.http.post("/workflows/held-1/cancel", null);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().get("workflow_id").asText()).isEqualTo("held-1");
    assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
    gate.open();
    assertThatThrownBy(h::getResult).isInstanceOf(DBOSAwaitedWorkflowCancelledException.class);
    assertThat(app.impl.runs("after", "held-1")).isZero();

    AdminHttp.Reply resumed = app.http.post("/workflows/held-1/resume", null);

    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.json().get("status").asText()).isIn("PENDING", "SUCCESS");
    assertThat(DBOS.<String>retrieveWorkflow("held-1").getResult()).isEqualTo("held bo");
    assertThat(app.impl.runs("hold", "held-1")).as("the recorded step is not run again").isOne();
    assertThat(app.impl.runs("after", "held-1")).isOne();
  }

  @Test
  void forksAWorkflowFromAStepWithoutRunningTheCopiedOnes() throws Exception {
    app = AdminApp.launch(db);
    DBOS.startWorkflow(
            () -> app.flows.held("bo"), StartWorkflowOptions.builder().workflowId("orig").build())
        .getResult();

    AdminHttp.Reply r =
        app.http.post(
            "/workflows/orig/fork",
            "{\"start_step\": 2, \"new_workflow_id\": \"orig-fork\", \"timeout_ms\": 60000}");

    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    assertThat(r.json().toString()).isEqualTo("{\"workflow_id\":\"orig-fork\"}");
    assertThat(DBOS.<String>retrieveWorkflow("orig-fork").getResult()).isEqualTo("held bo");
    assertThat(app.impl.runs("hold", "orig-fork")).as("step 1 was copied").isZero();
    assertThat(app.impl.runs("after", "orig-fork")).as("step 2 ran in the fork").isOne();
    JsonNode fork = app.http.get("/workflows/orig-fork").json();
    assertThat(fork.get("forked_from").asText()).isEqualTo("orig");
    assertThat(fork.get("timeout_ms").asLong()).isEqualTo(60_000);
    assertThat(fork.get("app_version").asText()).isEqualTo("test-version");
  }

  @Test
  void aForkWithoutAnIdGetsOneAndAnotherVersionsForkWaitsForItsVersion() throws Exception {
    app = AdminApp.launch(db);
    DBOS.startWorkflow(
            () -> app.flows.greet("cy"), StartWorkflowOptions.builder().workflowId("og").build())
        .getResult();

    String fresh =
        app.http
            .post("/workflows/og/fork", "{\"start_step\": 1}")
            .json()
            .get("workflow_id")
            .asText();
    AdminHttp.Reply other =
        app.http.post(
            "/workflows/og/fork",
            "{\"start_step\": 1, \"new_workflow_id\": \"og-v2\","
                + " \"application_version\": \"v2\"}");

    assertThat(fresh).isNotBlank().isNotEqualTo("og");
    assertThat(DBOS.<String>retrieveWorkflow(fresh).getResult()).isEqualTo("hello cy");
    assertThat(other.status()).isEqualTo(200);
    JsonNode v2 = app.http.get("/workflows/og-v2").json();
    assertThat(v2.get("app_version").asText()).isEqualTo("v2");
    assertThat(v2.get("status").asText()).as("not run by this version").isEqualTo("PENDING");
    AdminHttp.Reply taken =
        app.http.post("/workflows/og/fork", "{\"start_step\": 1, \"new_workflow_id\": \"og-v2\"}");
    assertThat(taken.status()).as(taken.json().toString()).isEqualTo(409);
    assertThat(taken.json().get("error").asText()).contains("og-v2");
  }

  @Test
  void badForkBodiesAre400NamingTheProperty() throws Exception {
    app = AdminApp.launch(db);
    DBOS.startWorkflow(
            () -> app.flows.greet("x"), StartWorkflowOptions.builder().workflowId("f").build())
        .getResult();

    for (String[] bodyAndNaming :
        new String[][] {
          {"", "JSON body"},
          {"[1]", "JSON object"},
          {"{}", "'start_step'"},
          {"{\"start_step\": 0}", "'start_step'"},
          {"{\"start_step\": \"2\"}", "'start_step'"},
          {"{\"start_step\": 1.5}", "'start_step'"},
          {"{\"start_step\": 1, \"step\": 2}", "'step'"},
          {"{\"start_step\": 1, \"new_workflow_id\": \" \"}", "'new_workflow_id'"},
          {"{\"start_step\": 1, \"new_workflow_id\": 7}", "'new_workflow_id'"},
          {"{\"start_step\": 1, \"application_version\": \"\"}", "'application_version'"},
          {"{\"start_step\": 1, \"timeout_ms\": 0}", "'timeout_ms'"},
          {"{\"start_step\": 1, \"timeout_ms\": \"1s\"}", "'timeout_ms'"}
        }) {
      AdminApp.assertBadRequest(
          app.http.post("/workflows/f/fork", bodyAndNaming[0]), bodyAndNaming[1]);
    }
    AdminHttp.Reply unknown = app.http.post("/workflows/nope/fork", "{\"start_step\": 1}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).contains("nope");
    assertThat(app.http.get("/workflows?forked_from=f").json().size())
        .as("no fork recorded")
        .isZero();
  }

  @Test
  void recoveryTakesOverAnotherExecutorsPendingWorkflowsOnceEach() throws Exception {
    Gate held = new Gate(3);
    app = AdminApp.launch(db, held, c -> c.executorId("gone"));
    List<String> ids = List.of("rec-1", "rec-2", "rec-3");
    for (String id : ids) {
      DBOS.startWorkflow(
          () -> app.flows.held(id), StartWorkflowOptions.builder().workflowId(id).build());
    }
    held.awaitArrivals();
    DBOS.shutdown(); // its workflows stay PENDING; its process has given up its lease
    app = AdminApp.launch(db, Gate.opened(), c -> c.executorId("live"));
    assertThat(tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'PENDING'"))
        .as("launch recovers only its own executor's workflows")
        .isEqualTo(3);

    AdminHttp.Reply r = app.http.post("/dbos-workflow-recovery", "[\"nobody\", \"gone\"]");

    assertThat(r.status()).isEqualTo(200);
    assertThat(texts(r.json())).containsExactlyElementsOf(ids);
    for (String id : ids) {
      assertThat(DBOS.<String>retrieveWorkflow(id).getResult()).isEqualTo("held " + id);
      assertThat(app.impl.runs("hold", id)).as("step hold ran once here").isOne();
      assertThat(app.impl.runs("after", id)).isOne();
    }
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.workflow_status WHERE executor_id = 'live'"
                    + " AND recovery_attempts = 2 AND status = 'SUCCESS'"))
        .as("taken over: now the live executor's")
        .isEqualTo(3);
    assertThat(texts(app.http.post("/dbos-workflow-recovery", "[\"gone\"]").json())).isEmpty();
  }

  @Test
  void recoveryNeverTakesAWorkflowALiveProcessRuns() throws Exception {
    Gate gate = new Gate(1);
    app = AdminApp.launch(db, gate, c -> c);
    WorkflowHandle<String> h =
        DBOS.startWorkflow(
            () -> app.flows.held("x"), StartWorkflowOptions.builder().workflowId("busy").build());
    gate.awaitArrivals();

    AdminHttp.Reply r = app.http.post("/dbos-workflow-recovery", "[\"local\"]");

    assertThat(r.status()).isEqualTo(200);
    assertThat(texts(r.json())).isEmpty();
    gate.open();
    assertThat(h.getResult()).isEqualTo("held x");
    assertThat(app.impl.runs("hold", "busy")).isOne();
    assertThat(tables.string("SELECT recovery_attempts FROM dbos.workflow_status"))
        .as("one execution")
        .isEqualTo("1");
  }

  private static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as(array.toString()).isTrue();
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
