package org.dbos4j.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.BothBackends;
import org.dbos4j.Conditions;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSClient;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.EnqueueOptions;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.WorkflowState;
import org.dbos4j.internal.cli.ShopApplication.Inventory;
import org.dbos4j.internal.cli.ShopApplication.InventoryImpl;
import org.dbos4j.internal.cli.ShopApplication.Orders;
import org.dbos4j.internal.cli.ShopApplication.OrdersImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code workflow} and {@code queue} commands, run from the packaged jar against the system
 * database of an application that this test process launches: what they print (table and JSON),
 * what they change, and exit code 2 naming an unknown ID.
 */
@BothBackends
class CliWorkflowCommandsIT {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNKNOWN = "no-such-workflow";

  private InventoryImpl inventory;
  private Orders orders;

  @BeforeEach
  void launchTheApplication() {
    inventory = new InventoryImpl();
    launch();
  }

  private void launch() {
    DBOS.configure(db.config().build());
    OrdersImpl impl = new OrdersImpl(DBOS.register(Inventory.class, inventory));
    orders = DBOS.register(Orders.class, impl);
    impl.self = orders;
    DBOS.registerQueue(Queue.builder("approvals").build());
    DBOS.launch();
  }

  private CliProcess cli() {
    return new CliProcess()
        .env("DBOS_SYSTEM_DATABASE_URL", db.url())
        .env("DBOS_DATABASE_USER", TestPostgres.user())
        .env("DBOS_DATABASE_PASSWORD", TestPostgres.password());
  }

  /** Runs the three workflows the listing tests see: o1 succeeded, o2 failed, o3 waits. */
  private void runOrders() throws Exception {
    DBOS.startWorkflow(
            () -> orders.checkout("o1"), StartWorkflowOptions.builder().workflowId("o1").build())
        .getResult();
    assertThatThrownBy(
            () ->
                DBOS.startWorkflow(
                        () -> orders.declined("o2"),
                        StartWorkflowOptions.builder().workflowId("o2").build())
                    .getResult())
        .hasMessageContaining("card declined");
    DBOS.startWorkflow(
        () -> orders.awaitApproval("o3"),
        StartWorkflowOptions.builder().workflowId("o3").queue("approvals").build());
    awaitState("o3", WorkflowState.PENDING);
  }

  private static void awaitState(String workflowId, WorkflowState state) throws Exception {
    Conditions.awaitTrue(
        workflowId + " " + state,
        () -> DBOS.retrieveWorkflow(workflowId).getStatus().state() == state);
  }

  private static List<String> lines(String out) {
    return List.of(out.split("\n"));
  }

  private static CliProcess.Result ok(CliProcess.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).as(result.toString()).isEmpty();
    return result;
  }

  @Test
  void listPrintsATableOldestFirst() throws Exception {
    runOrders();

    List<String> table = lines(ok(cli().run("workflow", "list")).out());

    assertThat(table).hasSize(4);
    assertThat(table.get(0)).matches("WORKFLOW ID +STATUS +NAME +QUEUE +APP VERSION +CREATED");
    assertThat(table.get(1)).matches("o1 +SUCCESS +OrdersImpl\\.checkout +- +test-version +\\S+Z");
    assertThat(table.get(2)).matches("o2 +ERROR +OrdersImpl\\.declined +- +test-version +\\S+Z");
    assertThat(table.get(3))
        .matches("o3 +PENDING +OrdersImpl\\.awaitApproval +approvals +test-version +\\S+Z");
    // the columns line up under the header
    int status = table.get(0).indexOf("STATUS");
    assertThat(table.subList(1, 4))
        .allSatisfy(row -> assertThat(row.indexOf(' ')).isLessThan(status));
    assertThat(table.get(1).indexOf("SUCCESS")).isEqualTo(status);
  }

  @Test
  void listFiltersAndPagesAsListWorkflowsDoes() throws Exception {
    runOrders();

    assertThat(ids(cli().run("workflow", "list", "--json", "--status", "error")))
        .containsExactly("o2");
    assertThat(ids(cli().run("workflow", "list", "--json", "--status", "SUCCESS,PENDING")))
        .containsExactly("o1", "o3");
    assertThat(ids(cli().run("workflow", "list", "--json", "--name", "OrdersImpl.checkout")))
        .containsExactly("o1");
    assertThat(ids(cli().run("workflow", "list", "--json", "--queue", "approvals")))
        .containsExactly("o3");
    assertThat(ids(cli().run("workflow", "list", "--json", "--desc", "--limit", "2")))
        .containsExactly("o3", "o2");
    assertThat(ids(cli().run("workflow", "list", "--json", "--offset", "1", "--limit", "1")))
        .containsExactly("o2");
    assertThat(ids(cli().run("workflow", "list", "--json", "--id", "o3,o1")))
        .containsExactly("o1", "o3");
    assertThat(ids(cli().run("workflow", "list", "--json", "--prefix", "o", "--app-version", "x")))
        .isEmpty();

    CliProcess.Result noLimit = cli().run("workflow", "list", "--limit", "0");
    assertThat(noLimit.exitCode()).as(noLimit.toString()).isEqualTo(64);
    assertThat(noLimit.err()).isEqualTo("dbos4j: limit must be 1 or more, got 0\n");
  }

  private static List<String> ids(CliProcess.Result result) throws Exception {
    List<String> ids = new ArrayList<>();
    JSON.readTree(ok(result).out()).forEach(w -> ids.add(w.get("workflow_id").asText()));
    return ids;
  }

  @Test
  void listJsonHasEveryPropertyAndInputsAndOutputsOnRequest() throws Exception {
    runOrders();

    JsonNode plain =
        JSON.readTree(ok(cli().run("workflow", "list", "--json", "--limit", "2")).out());
    assertThat(plain.get(0).get("workflow_id").asText()).isEqualTo("o1");
    assertThat(plain.get(0).get("status").asText()).isEqualTo("SUCCESS");
    assertThat(plain.get(0).get("name").asText()).isEqualTo("OrdersImpl.checkout");
    assertThat(plain.get(0).get("class_name").asText()).isEqualTo(OrdersImpl.class.getName());
    assertThat(plain.get(0).get("app_version").asText()).isEqualTo("test-version");
    assertThat(plain.get(0).get("input").isNull()).isTrue();
    assertThat(plain.get(0).get("output").isNull()).isTrue();
    assertThat(plain.get(0).has("completed_at")).isTrue();

    JsonNode loaded =
        JSON.readTree(
            ok(cli().run("workflow", "list", "--json", "--load-input", "--load-output")).out());
    assertThat(loaded.get(0).get("input").toString()).isEqualTo("[\"o1\"]");
    assertThat(loaded.get(0).get("output").asText()).isEqualTo("shipped o1");
    assertThat(loaded.get(1).get("error").get("class").asText())
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(loaded.get(1).get("error").get("message").asText())
        .isEqualTo("card declined for o2");
  }

  @Test
  void getPrintsOneWorkflow() throws Exception {
    runOrders();

    List<String> properties = lines(ok(cli().run("workflow", "get", "o2")).out());
    assertThat(properties)
        .anySatisfy(l -> assertThat(l).matches("workflow_id +o2"))
        .anySatisfy(l -> assertThat(l).matches("status +ERROR"))
        .anySatisfy(l -> assertThat(l).matches("input +\\[\"o2\"\\]"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "error +\\{\"class\":\"java.lang.IllegalStateException\","
                            + "\"message\":\"card declined for o2\"\\}"));

    JsonNode json = JSON.readTree(ok(cli().run("workflow", "get", "o1", "--json")).out());
    assertThat(json.get("workflow_id").asText()).isEqualTo("o1");
    assertThat(json.get("output").asText()).isEqualTo("shipped o1");
  }

  @Test
  void stepsListsTheRecordedOperations() throws Exception {
    runOrders();

    List<String> table = lines(ok(cli().run("workflow", "steps", "o1")).out());
    assertThat(table).hasSize(3);
    assertThat(table.get(0))
        .matches("STEP +NAME +CHILD WORKFLOW +STARTED +COMPLETED +OUTPUT / ERROR");
    assertThat(table.get(1)).matches("1 +InventoryImpl\\.reserve +- +.* +reserved o1");
    assertThat(table.get(2)).matches("2 +InventoryImpl\\.charge +- +.* +charged o1");

    JsonNode json = JSON.readTree(ok(cli().run("workflow", "steps", "o2", "--json")).out());
    assertThat(json).hasSize(1);
    assertThat(json.get(0).get("function_id").asInt()).isEqualTo(1);
    assertThat(json.get(0).get("function_name").asText()).isEqualTo("InventoryImpl.reserve");
    assertThat(json.get(0).get("output").asText()).isEqualTo("reserved o2");
  }

  @Test
  void cancelThenResumeAQueuedWorkflow() throws Exception {
    runOrders();

    CliProcess.Result cancelled = ok(cli().run("workflow", "cancel", "o3"));
    assertThat(cancelled.out()).isEqualTo("Workflow o3 is CANCELLED.\n");
    assertThat(DBOS.retrieveWorkflow("o3").getStatus().state()).isEqualTo(WorkflowState.CANCELLED);

    CliProcess.Result resumed = ok(cli().run("workflow", "resume", "o3", "--json"));
    assertThat(JSON.readTree(resumed.out()).get("status").asText()).isIn("ENQUEUED", "PENDING");
    awaitState("o3", WorkflowState.PENDING);
    DBOS.send("o3", "approved", "approval");
    assertThat(DBOS.retrieveWorkflow("o3").getResult()).isEqualTo("o3 approved");

    // a finished workflow is left as it is, and the command says so
    assertThat(ok(cli().run("workflow", "cancel", "o1")).out())
        .isEqualTo("Workflow o1 is SUCCESS.\n");
  }

  @Test
  void forkRunsFromTheGivenStepWithoutRerunningTheCopiedOnes() throws Exception {
    runOrders();

    CliProcess.Result forked =
        ok(cli().run("workflow", "fork", "o1", "--step", "2", "--new-id", "o1-retry"));
    // PENDING for a process of o1's executor and version, which this live one is: it takes the
    // fork over (at once on PostgreSQL, at its next lease renewal on SQLite), maybe already done
    assertThat(forked.out()).matches("Workflow o1-retry is (PENDING|SUCCESS)\\.\n");
    assertThat(DBOS.retrieveWorkflow("o1-retry").getResult()).isEqualTo("shipped o1");
    assertThat(inventory.reserves.get()).as("reserve runs").isEqualTo(2); // o1 and o2 only
    assertThat(inventory.charges.get()).as("charge runs").isEqualTo(2); // o1 and the fork
    assertThat(DBOS.retrieveWorkflow("o1-retry").getStatus().forkedFrom()).isEqualTo("o1");
    assertThat(ids(cli().run("workflow", "list", "--json", "--forked-from", "o1")))
        .containsExactly("o1-retry");

    CliProcess.Result stepZero = cli().run("workflow", "fork", "o1", "--step", "0");
    assertThat(stepZero.exitCode()).as(stepZero.toString()).isEqualTo(64);
    assertThat(stepZero.err()).startsWith("dbos4j: ");
  }

  @Test
  void deleteRemovesTheWorkflow() throws Exception {
    runOrders();

    assertThat(ok(cli().run("workflow", "delete", "o2")).out()).isEqualTo("Deleted workflow o2.\n");

    assertThatThrownBy(() -> DBOS.retrieveWorkflow("o2"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThat(ids(cli().run("workflow", "list", "--json"))).containsExactly("o1", "o3");
  }

  @Test
  void valuesOfTheApplicationsClassesShowAsRecordedOrReadWithItsClasses() throws Exception {
    DBOS.startWorkflow(
            () -> orders.receipt("r1"), StartWorkflowOptions.builder().workflowId("r1").build())
        .getResult();

    // the jar alone has no Receipt class: the output shows as recorded, with its class name
    assertThat(lines(ok(cli().run("workflow", "get", "r1")).out()))
        .anySatisfy(l -> assertThat(l).matches("status +SUCCESS"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("output ")
                    .contains("Receipt")
                    .contains("\"orderId\":\"r1\""));

    Path testClasses = Paths.get("target", "test-classes").toAbsolutePath();
    JsonNode json =
        JSON.readTree(
            ok(cli().withApplicationClasses(testClasses).run("workflow", "get", "r1", "--json"))
                .out());
    assertThat(json.get("output").toString()).isEqualTo("{\"orderId\":\"r1\",\"items\":2}");
  }

  @Test
  void stepsNameTheChildAndDeleteWithChildrenRemovesIt() throws Exception {
    DBOS.startWorkflow(
            () -> orders.bundle("b1"), StartWorkflowOptions.builder().workflowId("b1").build())
        .getResult();
    String child = DBOS.listWorkflowSteps("b1").get(0).childWorkflowId();
    assertThat(child).isNotNull();

    List<String> steps = lines(ok(cli().run("workflow", "steps", "b1")).out());
    assertThat(steps.get(1)).matches("1 +OrdersImpl\\.checkout +" + child + " +.*");
    assertThat(ids(cli().run("workflow", "list", "--json", "--parent", "b1")))
        .containsExactly(child);

    assertThat(ok(cli().run("workflow", "delete", "b1", "--children")).out())
        .isEqualTo("Deleted workflow b1 and its children.\n");
    assertThat(ids(cli().run("workflow", "list", "--json"))).isEmpty();
  }

  @Test
  void queueListShowsUnfinishedQueuedWorkflowsByQueue() throws Exception {
    runOrders();
    try (DBOSClient client =
        DBOSClient.builder()
            .systemDatabaseUrl(db.url())
            .user(TestPostgres.user())
            .password(TestPostgres.password())
            .build()) {
      // No process runs queue "backlog": the workflow stays ENQUEUED.
      client.enqueue(
          EnqueueOptions.builder("OrdersImpl.checkout", "backlog").workflowId("o4").build(), "o4");
    }

    List<String> table = lines(ok(cli().run("queue", "list")).out());
    assertThat(table).hasSize(3);
    assertThat(table.get(0)).matches("QUEUE +WORKFLOW ID +STATUS +NAME +PRIORITY +CREATED");
    assertThat(table.get(1))
        .matches("approvals +o3 +PENDING +OrdersImpl\\.awaitApproval +0 +\\S+Z");
    assertThat(table.get(2)).matches("backlog +o4 +ENQUEUED +OrdersImpl\\.checkout +0 +\\S+Z");

    JsonNode json = JSON.readTree(ok(cli().run("queue", "list", "--json")).out());
    assertThat(json.fieldNames()).toIterable().containsExactly("approvals", "backlog");
    assertThat(json.get("backlog").get(0).get("workflow_id").asText()).isEqualTo("o4");

    JsonNode one =
        JSON.readTree(ok(cli().run("queue", "list", "--json", "--queue", "backlog")).out());
    assertThat(one.fieldNames()).toIterable().containsExactly("backlog");
  }

  @Test
  void anUnknownIdExitsWith2AndIsNamed() throws Exception {
    for (List<String> command :
        List.of(
            List.of("workflow", "get", UNKNOWN),
            List.of("workflow", "steps", UNKNOWN),
            List.of("workflow", "cancel", UNKNOWN),
            List.of("workflow", "resume", UNKNOWN),
            List.of("workflow", "fork", UNKNOWN, "--step", "1"),
            List.of("workflow", "delete", UNKNOWN))) {
      CliProcess.Result result = cli().run(command.toArray(String[]::new));
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).isEqualTo("dbos4j: Workflow '" + UNKNOWN + "' does not exist\n");
      assertThat(result.out()).isEmpty();
    }
  }

  @Test
  void aDatabaseWithoutTheSchemaIsReportedAndLeftAlone() throws Exception {
    DBOS.shutdown();
    DBOS.configure(db.config().build());
    DBOS.resetSystemDatabase();

    CliProcess.Result result = cli().run("workflow", "list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("dbos4j: ")
        .contains(db.url(), "has no dbos4j schema", "dbos4j migrate");
    assertThat(db.databaseExists()).as("the client created nothing").isFalse();
  }
}
