package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin HTTP API over real HTTP: each endpoint, the errors (400 naming the field, 401, 404,
 * 405, 413), the bearer token, where the server listens, and the takeover of another executor's
 * pending workflows through the claim automatic takeover uses.
 */
@BothBackends
class AdminHttpApiTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private AdminHttp http;
  private FlowsImpl impl;
  private Flows flows;

  public interface Flows {
    String greet(String name);

    String held(String name);
  }

  static final class FlowsImpl implements Flows {
    final Gate gate;
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    FlowsImpl(Gate gate) {
      this.gate = gate;
    }

    int runs(String step, String workflowId) {
      AtomicInteger n = runs.get(step + "/" + workflowId);
      return n == null ? 0 : n.get();
    }

    private void count(String step) {
      runs.computeIfAbsent(step + "/" + DBOS.workflowId(), k -> new AtomicInteger())
          .incrementAndGet();
    }

    @Workflow
    @Override
    public String greet(String name) {
      return DBOS.runStep("greeting", () -> "hello " + name);
    }

    @Workflow
    @Override
    public String held(String name) {
      DBOS.runStep(
          "hold",
          () -> {
            count("hold");
            gate.pass();
          });
      DBOS.runStep("after", () -> count("after"));
      return "held " + name;
    }
  }

  /**
   * Launches with an admin server on a free port, {@code config} applied to the test's config, and
   * {@code queues} registered.
   */
  private void launch(Gate gate, UnaryOperator<DBOSConfig.Builder> config, Queue... queues)
      throws Exception {
    int port = AdminHttp.freePort();
    DBOS.configure(config.apply(db.config().adminPort(port)).build());
    impl = new FlowsImpl(gate);
    flows = DBOS.register(Flows.class, impl);
    for (Queue q : queues) {
      DBOS.registerQueue(q);
    }
    DBOS.launch();
    http = new AdminHttp(port);
  }

  private void launch() throws Exception {
    launch(Gate.opened(), c -> c);
  }

  @Test
  void listensOnlyOn127001ByDefaultAndAnswersTheHealthCheck() throws Exception {
    launch();
    InetSocketAddress bound = Lifecycle.INSTANCE.adminAddress();

    assertThat(bound).isNotNull();
    assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    AdminHttp.Reply health = http.get("/dbos-healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().toString()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(health.header("Content-Type")).startsWith("application/json");
    for (InetAddress other : otherAddressesOfThisMachine()) {
      assertThatThrownBy(() -> connect(other, bound.getPort()))
          .as("connecting through %s", other)
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void adminHostChangesWhereItListens() throws Exception {
    launch(Gate.opened(), c -> c.adminHost("0.0.0.0"));

    assertThat(Lifecycle.INSTANCE.adminAddress().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(http.get("/dbos-healthz").status()).isEqualTo(200);
  }

  @Test
  void aTakenPortFailsTheLaunchNamingTheAddress() throws Exception {
    launch();
    int taken = Lifecycle.INSTANCE.adminAddress().getPort();
    DBOS.shutdown();
    try (java.net.ServerSocket occupant =
        new java.net.ServerSocket(taken, 1, InetAddress.getByName("127.0.0.1"))) {
      DBOS.configure(db.config().adminPort(taken).build());
      assertThatThrownBy(DBOS::launch)
          .isInstanceOf(DBOSException.class)
          .hasMessageContaining("admin server")
          .hasMessageContaining("127.0.0.1:" + taken);
    }
  }

  @Test
  void getsAWorkflowsStatusByIdWithAnyCharacterInIt() throws Exception {
    launch();
    String id = "order 42/a+b";
    DBOS.startWorkflow(
            () -> flows.greet("ada"), StartWorkflowOptions.builder().workflowId(id).build())
        .getResult();

    AdminHttp.Reply r = http.get("/workflows/" + pathSegment(id));

    assertThat(r.status()).isEqualTo(200);
    JsonNode s = r.json();
    assertThat(s.get("workflow_id").asText()).isEqualTo(id);
    assertThat(s.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(s.get("name").asText()).isEqualTo("FlowsImpl.greet");
    assertThat(s.get("class_name").asText()).isEqualTo(FlowsImpl.class.getName());
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
    launch();
    for (String name : List.of("a", "b", "c")) {
      DBOS.startWorkflow(
              () -> flows.greet(name),
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
    JsonNode bare = http.get("/workflows?load_input=false&load_output=false&limit=1").json();
    assertThat(bare.get(0).get("input").isNull()).isTrue();
    assertThat(bare.get(0).get("output").isNull()).isTrue();
    JsonNode full = http.get("/workflows?limit=1").json();
    assertThat(full.get(0).get("input").toString()).isEqualTo("[\"a\"]");
    assertThat(full.get(0).get("output").asText()).isEqualTo("hello a");
  }

  @Test
  void badListingParametersAre400NamingTheParameter() throws Exception {
    launch();

    assertBadRequest(http.get("/workflows?limit=0"), "'limit'");
    assertBadRequest(http.get("/workflows?offset=-1"), "'offset'");
    assertBadRequest(http.get("/workflows?limit=ten"), "'limit'");
    assertBadRequest(http.get("/workflows?status=DONE"), "'status'");
    assertBadRequest(http.get("/workflows?created_after=yesterday"), "'created_after'");
    assertBadRequest(http.get("/workflows?created_before=2026-13-01"), "'created_before'");
    assertBadRequest(http.get("/workflows?sort_desc=yes"), "'sort_desc'");
    assertBadRequest(http.get("/workflows?load_input=1"), "'load_input'");
    assertBadRequest(http.get("/workflows?name="), "'name'");
    assertBadRequest(http.get("/workflows?name=a&name=b"), "'name'");
    assertBadRequest(http.get("/workflows?colour=red"), "'colour'");
    assertBadRequest(http.get("/queues?limit=0"), "'limit'");
    assertBadRequest(http.get("/workflows/x/steps?all=true"), "'all'");
  }

  @Test
  void listsAWorkflowsSteps() throws Exception {
    launch();
    DBOS.startWorkflow(
            () -> flows.greet("ada"), StartWorkflowOptions.builder().workflowId("stepped").build())
        .getResult();

    AdminHttp.Reply r = http.get("/workflows/stepped/steps");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().size()).isOne();
    JsonNode step = r.json().get(0);
    assertThat(step.get("function_id").asInt()).isEqualTo(1);
    assertThat(step.get("function_name").asText()).isEqualTo("greeting");
    assertThat(step.get("output").asText()).isEqualTo("hello ada");
    assertThat(step.get("error").isNull()).isTrue();
    assertThat(step.get("child_workflow_id").isNull()).isTrue();
    AdminHttp.Reply unknown = http.get("/workflows/nope/steps");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).contains("nope");
  }

  @Test
  void listsQueuedWorkflowsByQueue() throws Exception {
    Gate gate = new Gate(2);
    launch(
        gate,
        c -> c,
        Queue.builder("q1").concurrency(1).build(),
        Queue.builder("q2").concurrency(1).build());
    DBOS.startWorkflow(() -> flows.greet("direct")).getResult();
    List<WorkflowHandle<String>> handles = new ArrayList<>();
    for (String[] idAndQueue :
        new String[][] {{"q2-first", "q2"}, {"q1-only", "q1"}, {"q2-second", "q2"}}) {
      handles.add(
          DBOS.startWorkflow(
              () -> flows.held(idAndQueue[0]),
              StartWorkflowOptions.builder()
                  .workflowId(idAndQueue[0])
                  .queue(idAndQueue[1])
                  .build()));
    }
    gate.awaitArrivals();

    JsonNode queues = http.get("/queues").json();

    assertThat(queues.fieldNames()).toIterable().containsExactly("q1", "q2");
    assertThat(idsOf(queues.get("q1"))).containsExactly("q1-only");
    assertThat(idsOf(queues.get("q2"))).containsExactly("q2-first", "q2-second");
    assertThat(queues.get("q2").get(0).get("status").asText()).isEqualTo("PENDING");
    assertThat(queues.get("q2").get(1).get("status").asText()).isEqualTo("ENQUEUED");
    assertThat(queues.get("q2").get(1).get("queue_name").asText()).isEqualTo("q2");
    JsonNode onlyQ2 = http.get("/queues?queue_name=q2&status=ENQUEUED").json();
    assertThat(onlyQ2.fieldNames()).toIterable().containsExactly("q2");
    assertThat(idsOf(onlyQ2.get("q2"))).containsExactly("q2-second");
    gate.open();
    for (WorkflowHandle<String> h : handles) {
      h.getResult();
    }
    assertThat(http.get("/queues").json().size()).as("nothing queued any more").isZero();
  }

  private List<String> ids(String pathAndQuery) throws Exception {
    AdminHttp.Reply r = http.get(pathAndQuery);
    assertThat(r.status()).as(pathAndQuery + " " + r.json()).isEqualTo(200);
    return idsOf(r.json());
  }

  private static List<String> idsOf(JsonNode statuses) {
    assertThat(statuses.isArray()).as(statuses.toString()).isTrue();
    List<String> ids = new ArrayList<>();
    statuses.forEach(s -> ids.add(s.get("workflow_id").asText()));
    return ids;
  }

  @Test
  void unknownWorkflowIdsAre404NamingTheId() throws Exception {
    launch();

    for (String path : List.of("/workflows/nope", "/workflows/nope/cancel")) {
      AdminHttp.Reply r =
          path.endsWith("cancel") ? http.post(path, null) : http.send("GET", path, null);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.json().get("error").asText()).as(path).contains("nope");
    }
    AdminHttp.Reply resume = http.post("/workflows/nope/resume", null);
    assertThat(resume.status()).isEqualTo(404);
    assertThat(resume.json().get("error").asText()).contains("nope");
  }

  @Test
  void cancelsAndResumesAWorkflow() throws Exception {
    Gate gate = new Gate(1);
    launch(gate, c -> c);
    WorkflowHandle<String> h =
        DBOS.startWorkflow(
            () -> flows.held("bo"), StartWorkflowOptions.builder().workflowId("held-1").build());
    gate.awaitArrivals();

    AdminHttp.Reply cancelled = http.post("/workflows/held-1/cancel", null);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().get("workflow_id").asText()).isEqualTo("held-1");
    assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
    gate.open();
    assertThatThrownBy(h::getResult).isInstanceOf(DBOSAwaitedWorkflowCancelledException.class);
    assertThat(impl.runs("after", "held-1")).isZero();

    AdminHttp.Reply resumed = http.post("/workflows/held-1/resume", null);

    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.json().get("status").asText()).isIn("PENDING", "SUCCESS");
    assertThat(DBOS.<String>retrieveWorkflow("held-1").getResult()).isEqualTo("held bo");
    assertThat(impl.runs("hold", "held-1")).as("the recorded step is not run again").isOne();
    assertThat(impl.runs("after", "held-1")).isOne();
  }

  @Test
  void unknownPathsAre404AndWrongMethods405WithTheAllowedOne() throws Exception {
    launch();

    for (String path : List.of("/", "/nope", "/workflows/a/b/c", "/workflows//cancel", "/x/y")) {
      AdminHttp.Reply r = http.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.json().get("error").asText()).as(path).contains("no such endpoint");
    }
    assertMethodNotAllowed("POST", "/dbos-healthz", "GET");
    assertMethodNotAllowed("GET", "/dbos-workflow-recovery", "POST");
    assertMethodNotAllowed("GET", "/workflows/x/cancel", "POST");
    assertMethodNotAllowed("PUT", "/workflows/x/resume", "POST");
    assertMethodNotAllowed("DELETE", "/workflows/x", "GET");
  }

  private void assertMethodNotAllowed(String method, String path, String allowed) throws Exception {
    AdminHttp.Reply r = http.send(method, path, null);
    assertThat(r.status()).as(method + " " + path).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo(allowed);
    assertThat(r.json().get("error").asText()).contains(method).contains(allowed);
  }

  @Test
  void badInputIs400NamingTheField() throws Exception {
    launch();

    assertBadRequest(http.get("/dbos-healthz?verbose=1"), "verbose");
    assertBadRequest(http.post("/dbos-workflow-recovery", ""), "JSON body");
    assertBadRequest(http.post("/dbos-workflow-recovery", "[\"a\""), "not valid JSON");
    assertBadRequest(http.post("/dbos-workflow-recovery", "{\"a\":1}"), "array of executor IDs");
    assertBadRequest(http.post("/dbos-workflow-recovery", "[\"a\", 7]"), "element 1");
    assertBadRequest(http.post("/dbos-workflow-recovery", "[\" \"]"), "element 0");
    AdminHttp.Reply large =
        http.post("/dbos-workflow-recovery", "[\"" + "x".repeat(70_000) + "\"]");
    assertThat(large.status()).isEqualTo(413);
  }

  static void assertBadRequest(AdminHttp.Reply r, String naming) {
    assertThat(r.status()).as(r.json().toString()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).contains(naming);
  }

  @Test
  void aTokenGuardsEveryEndpointButTheHealthCheck() throws Exception {
    String token = "s3cret-T0ken";
    launch(Gate.opened(), c -> c.adminToken(token));
    int port = Lifecycle.INSTANCE.adminAddress().getPort();
    assertThat(DBOS.config().toString()).doesNotContain(token);

    for (String wrong : List.of("s3cret-T0keX", "s3cret", token + "-longer")) {
      assertUnauthorized(new AdminHttp("127.0.0.1", port, wrong).get("/workflows/x"));
    }
    assertUnauthorized(http.get("/workflows/x"));
    assertUnauthorized(http.post("/dbos-workflow-recovery", "[\"local\"]"));
    assertUnauthorized(http.get("/no-such-path"));
    assertThat(http.get("/dbos-healthz").status()).isEqualTo(200);
    assertThat(new AdminHttp("127.0.0.1", port, token).get("/workflows/x").status())
        .as("the right token passes (and the workflow is unknown)")
        .isEqualTo(404);
  }

  private static void assertUnauthorized(AdminHttp.Reply r) {
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(r.json().get("error").asText()).contains("Authorization: Bearer");
  }

  @Test
  void recoveryTakesOverAnotherExecutorsPendingWorkflowsOnceEach() throws Exception {
    Gate held = new Gate(3);
    launch(held, c -> c.executorId("gone"));
    List<String> ids = List.of("rec-1", "rec-2", "rec-3");
    for (String id : ids) {
      DBOS.startWorkflow(
          () -> flows.held(id), StartWorkflowOptions.builder().workflowId(id).build());
    }
    held.awaitArrivals();
    DBOS.shutdown(); // its workflows stay PENDING; its process has given up its lease
    launch(Gate.opened(), c -> c.executorId("live"));
    assertThat(tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'PENDING'"))
        .as("launch recovers only its own executor's workflows")
        .isEqualTo(3);

    AdminHttp.Reply r = http.post("/dbos-workflow-recovery", "[\"nobody\", \"gone\"]");

    assertThat(r.status()).isEqualTo(200);
    assertThat(texts(r.json())).containsExactlyElementsOf(ids);
    for (String id : ids) {
      assertThat(DBOS.<String>retrieveWorkflow(id).getResult()).isEqualTo("held " + id);
      assertThat(impl.runs("hold", id)).as("step hold ran once here").isOne();
      assertThat(impl.runs("after", id)).isOne();
    }
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.workflow_status WHERE executor_id = 'live'"
                    + " AND recovery_attempts = 2 AND status = 'SUCCESS'"))
        .as("taken over: now the live executor's")
        .isEqualTo(3);
    assertThat(texts(http.post("/dbos-workflow-recovery", "[\"gone\"]").json())).isEmpty();
  }

  @Test
  void recoveryNeverTakesAWorkflowALiveProcessRuns() throws Exception {
    Gate gate = new Gate(1);
    launch(gate, c -> c);
    WorkflowHandle<String> h =
        DBOS.startWorkflow(
            () -> flows.held("x"), StartWorkflowOptions.builder().workflowId("busy").build());
    gate.awaitArrivals();

    AdminHttp.Reply r = http.post("/dbos-workflow-recovery", "[\"local\"]");

    assertThat(r.status()).isEqualTo(200);
    assertThat(texts(r.json())).isEmpty();
    gate.open();
    assertThat(h.getResult()).isEqualTo("held x");
    assertThat(impl.runs("hold", "busy")).isOne();
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

  private static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<InetAddress> otherAddressesOfThisMachine() throws Exception {
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && ni.isUp()) {
          others.add(a);
        }
      }
    }
    return others;
  }

  private static void connect(InetAddress address, int port) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 5_000);
    }
  }
}
