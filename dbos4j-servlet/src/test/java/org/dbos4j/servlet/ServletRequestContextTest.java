package org.dbos4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dbos4j.BothBackends;
import org.dbos4j.Conditions;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSRequest;
import org.dbos4j.Step;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The filter's request context through a real Jetty server: what {@code DBOS.request()} holds in a
 * handler, in the workflows it starts (also after recovery) and in {@code workflow_status}; the
 * idempotency key header; and that nothing stays on the server's threads.
 */
@BothBackends
class ServletRequestContextTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  public interface Reader {
    String describeRequest();
  }

  static final class ReaderImpl implements Reader {
    @Step
    @Override
    public String describeRequest() {
      return describe(DBOS.request());
    }
  }

  public interface Flows {
    String describe();

    String queryTag();

    String awaitRelease();
  }

  static final class FlowsImpl implements Flows {
    private final Reader reader;
    final CountDownLatch waiting = new CountDownLatch(1);

    FlowsImpl(Reader reader) {
      this.reader = reader;
    }

    @Workflow
    @Override
    public String describe() {
      return seenInWorkflowAndStep();
    }

    @Workflow
    @Override
    public String queryTag() {
      return DBOS.workflowId() + " " + DBOS.request().queryParams().get("n");
    }

    /** Waits for a message; what it reads after the wait is read in whichever execution got it. */
    @Workflow
    @Override
    public String awaitRelease() {
      waiting.countDown();
      String message = DBOS.recv("release", Duration.ofMinutes(5));
      return message + "\n" + seenInWorkflowAndStep();
    }

    /** The request the workflow and its step see; they must agree. */
    private String seenInWorkflowAndStep() {
      String inStep = reader.describeRequest();
      String inWorkflow = ServletRequestContextTest.describe(DBOS.request());
      return inStep.equals(inWorkflow) ? inStep : "step: " + inStep + "\nworkflow: " + inWorkflow;
    }
  }

  private final SystemTables tables = new SystemTables(db);
  private volatile FlowsImpl impl;
  private volatile Flows flows;
  private TestServer server;

  private void launch() {
    DBOS.configure(db.config().build());
    Reader reader = DBOS.register(Reader.class, new ReaderImpl());
    impl = new FlowsImpl(reader);
    flows = DBOS.register(Flows.class, impl);
    DBOS.launch();
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Path parameters as a router would give them: {@code /orders/{id}/...}. */
  private static @Nullable Map<String, String> orderId(HttpServletRequest request) {
    String info = request.getPathInfo();
    if (!"/orders".equals(request.getServletPath()) || info == null) {
      return null;
    }
    return Map.of("id", info.split("/")[1]);
  }

  private void startServer() throws Exception {
    server =
        TestServer.start(
            DBOSServletFilter.builder().pathParameters(ServletRequestContextTest::orderId).build(),
            Map.of(
                "/orders/*",
                request ->
                    describe(DBOS.request())
                        + "\n=\n"
                        + DBOS.startWorkflow(() -> flows.describe()).getResult(),
                "/form",
                request -> request.getParameter("field") + "\n" + describe(DBOS.request()),
                "/echo",
                request -> describe(DBOS.request()),
                "/tag",
                request -> DBOS.startWorkflow(() -> flows.queryTag()).getResult(),
                "/two",
                request ->
                    DBOS.startWorkflow(() -> flows.queryTag()).workflowId()
                        + " "
                        + DBOS.startWorkflow(() -> flows.queryTag()).workflowId(),
                "/wait",
                request ->
                    DBOS.startWorkflow(() -> flows.awaitRelease()).workflowId()
                        + "\n"
                        + describe(DBOS.request())));
  }

  /** Every field of a request, as handlers and workflows report it. */
  static String describe(@Nullable DBOSRequest r) {
    if (r == null) {
      return "no request";
    }
    InetSocketAddress client = r.client();
    return String.join(
        "\n",
        "method=" + r.method(),
        "url=" + r.url(),
        "baseUrl=" + r.baseUrl(),
        "client=" + (client == null ? "none" : client.getHostString() + ":" + client.getPort()),
        "x-multi=" + r.headers().get("x-multi"),
        "X-CUSTOM=" + r.header("X-CUSTOM"),
        "query=" + r.queryParams(),
        "cookies=" + r.cookies(),
        "pathParams=" + r.pathParams());
  }

  @Test
  void handlersAndWorkflowsSeeTheRequestAndItIsRecorded() throws Exception {
    launch();
    startServer();
    HttpResponse<String> response =
        server.send(
            server
                .request("/orders/42/items?tag=a&q=x%20y&tag=b&flag")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("x-custom", "v")
                .header("Cookie", "session=abc; theme=dark"));

    assertThat(response.statusCode()).isEqualTo(200);
    String[] parts = response.body().split("\n=\n");
    String inHandler = parts[0];
    assertThat(parts[1])
        .as("the workflow and its step see what the handler sees")
        .isEqualTo(inHandler);
    String base = server.base();
    assertThat(inHandler.lines())
        .contains(
            "method=GET",
            "url=" + base + "/orders/42/items?tag=a&q=x%20y&tag=b&flag",
            "baseUrl=" + base,
            "x-multi=[one, two]",
            "X-CUSTOM=v",
            "query={tag=[a, b], q=[x y], flag=[]}",
            "cookies={session=abc, theme=dark}",
            "pathParams={id=42}")
        .anyMatch(line -> line.matches("client=127\\.0\\.0\\.1:[1-9][0-9]*"));

    JsonNode recorded = JSON.readTree(tables.string("SELECT request FROM dbos.workflow_status"));
    assertThat(recorded.get("method").asText()).isEqualTo("GET");
    assertThat(recorded.get("url").asText())
        .isEqualTo(base + "/orders/42/items?tag=a&q=x%20y&tag=b&flag");
    assertThat(recorded.get("baseUrl").asText()).isEqualTo(base);
    assertThat(recorded.get("clientHost").asText()).isEqualTo("127.0.0.1");
    assertThat(inHandler).contains("client=127.0.0.1:" + recorded.get("clientPort").asInt());
    assertThat(recorded.get("headers").get("X-Multi")).hasToString("[\"one\",\"two\"]");
    assertThat(recorded.get("headers").get("Cookie")).hasToString("[\"session=abc; theme=dark\"]");
    assertThat(recorded.get("queryParams"))
        .hasToString("{\"tag\":[\"a\",\"b\"],\"q\":[\"x y\"],\"flag\":[\"\"]}");
    assertThat(recorded.get("cookies")).hasToString("{\"session\":\"abc\",\"theme\":\"dark\"}");
    assertThat(recorded.get("pathParams")).hasToString("{\"id\":\"42\"}");
  }

  @Test
  void aFormPostsBodyIsLeftToTheHandlerAndOnlyTheQueryMakesQueryParams() throws Exception {
    launch();
    startServer();
    HttpResponse<String> response =
        server.send(
            server
                .request("/form?a=1")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("field=from+the+body")));

    assertThat(response.body().lines())
        .contains("from the body", "method=POST", "query={a=[1]}", "pathParams={}");
  }

  @Test
  void charactersClientsSendUnencodedAreEncodedInTheUrlAndDecodedInQueryParams() throws Exception {
    launch();
    startServer();
    String response = server.sendRaw("GET /app/echo?q={\"k\":1}|x&r=100%25&bad=%zz HTTP/1.1");

    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(response.lines())
        .contains(
            "url=" + server.base() + "/echo?q=%7B%22k%22:1%7D%7Cx&r=100%25&bad=%25zz",
            "query={q=[{\"k\":1}|x], r=[100%], bad=[%zz]}");
  }

  @Test
  void theIdempotencyKeyNamesTheWorkflowAndASecondRequestGetsTheFirstsResult() throws Exception {
    launch();
    server =
        TestServer.start(
            DBOSServletFilter.class,
            Map.of("/tag", request -> DBOS.startWorkflow(() -> flows.queryTag()).getResult()));
    String key = DBOSServletFilter.IDEMPOTENCY_KEY_HEADER;

    HttpResponse<String> first = server.get("/tag?n=1", key, "order-7");
    HttpResponse<String> second = server.get("/tag?n=2", key, "order-7");

    assertThat(first.body()).isEqualTo("order-7 [1]");
    assertThat(second.body()).as("the recorded result of the first").isEqualTo("order-7 [1]");
    assertThat(tables.workflowRows()).isEqualTo(1);
    assertThat(tables.status("order-7")).isEqualTo("SUCCESS");

    HttpResponse<String> blank = server.get("/tag?n=3", key, " ");
    assertThat(blank.body()).as("a blank key is no key").matches("[0-9a-f-]{36} \\[3\\]");
  }

  @Test
  void onlyTheFirstWorkflowARequestStartsGetsTheKey() throws Exception {
    launch();
    startServer();

    String[] ids =
        server.get("/two?n=1", DBOSServletFilter.IDEMPOTENCY_KEY_HEADER, "key-2").body().split(" ");

    assertThat(ids[0]).isEqualTo("key-2");
    assertThat(ids[1]).isNotBlank().isNotEqualTo("key-2");
    assertThat(tables.workflowRows()).isEqualTo(2);
  }

  @Test
  void aWorkflowStartedInARequestStillSeesItAfterRecovery() throws Exception {
    launch();
    startServer();
    String[] response =
        server
            .get(
                "/wait?n=5",
                DBOSServletFilter.IDEMPOTENCY_KEY_HEADER,
                "recover-me",
                "X-Custom",
                "kept",
                "Cookie",
                "session=s1")
            .body()
            .split("\n", 2);
    String id = response[0];
    String inHandler = response[1];
    assertThat(id).isEqualTo("recover-me");
    assertThat(impl.waiting.await(Conditions.BOUND.toSeconds(), TimeUnit.SECONDS))
        .as("the workflow waits in recv")
        .isTrue();
    server.close();
    server = null;
    DBOS.shutdown(); // the workflow stays PENDING, waiting

    launch(); // recovers it, on a DBOS thread, in no request
    DBOS.send(id, "released", "release");
    WorkflowHandle<String> handle = DBOS.retrieveWorkflow(id);

    assertThat(handle.getResult()).isEqualTo("released\n" + inHandler);
    assertThat(inHandler).contains("X-CUSTOM=kept", "cookies={session=s1}", "query={n=[5]}");
    assertThat(
            tables.count(
                "SELECT recovery_attempts FROM dbos.workflow_status WHERE workflow_uuid = ?", id))
        .as("the second execution was a recovery")
        .isEqualTo(2);
  }

  @Test
  void serverThreadsKeepNoContextBetweenRequests() throws Exception {
    launch();
    startServer();
    for (int i = 0; i < 5; i++) {
      assertThat(
              server.get("/tag?n=" + i, DBOSServletFilter.IDEMPOTENCY_KEY_HEADER, "k" + i).body())
          .isEqualTo("k" + i + " [" + i + "]");
      assertThat(server.get("/tag?n=x").body())
          .as("the previous request's key is gone")
          .matches("[0-9a-f-]{36} \\[x\\]");
    }
    // TestServer.close() checks that each request found and left its thread without a context
  }
}
