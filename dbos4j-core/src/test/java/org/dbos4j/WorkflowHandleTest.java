package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** startWorkflow, retrieveWorkflow, and what handles and statuses report. */
@BothBackends
class WorkflowHandleTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  /** A checked exception that can be rebuilt: it has a (String) constructor. */
  public static final class PaymentDeclined extends Exception {
    private static final long serialVersionUID = 1L;

    public PaymentDeclined(String message) {
      super(message);
    }
  }

  /** An unchecked exception that can be rebuilt. */
  public static final class OutOfStock extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfStock(String message) {
      super(message);
    }
  }

  /** An exception that cannot be rebuilt: no (String) or no-argument constructor. */
  public static final class CodedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodedFailure(int code, String message) {
      super(code + ": " + message);
    }
  }

  public interface Shop {
    String buy(String item, int quantity);

    String gated(String item);

    String declined(String item) throws PaymentDeclined;

    String outOfStock(String item);

    String coded(String item);

    void nothing();
  }

  static final class ShopImpl implements Shop {
    final AtomicInteger runs = new AtomicInteger();
    private final String prefix;
    private final Gate gate;

    ShopImpl(String prefix, Gate gate) {
      this.prefix = prefix;
      this.gate = gate;
    }

    @Workflow
    @Override
    public String buy(String item, int quantity) {
      runs.incrementAndGet();
      return prefix + quantity + "x" + item;
    }

    @Workflow
    @Override
    public String gated(String item) {
      runs.incrementAndGet();
      gate.pass();
      return prefix + item;
    }

    @Workflow
    @Override
    public String declined(String item) throws PaymentDeclined {
      runs.incrementAndGet();
      throw new PaymentDeclined("card declined for " + item);
    }

    @Workflow
    @Override
    public String outOfStock(String item) {
      runs.incrementAndGet();
      throw new OutOfStock("no more " + item);
    }

    @Workflow
    @Override
    public String coded(String item) {
      runs.incrementAndGet();
      throw new CodedFailure(42, "coded " + item);
    }

    @Workflow(name = "custom-nothing")
    @Override
    public void nothing() {
      runs.incrementAndGet();
    }
  }

  private ShopImpl impl;

  private Shop launch(DBOSConfig config, Gate gate) {
    DBOS.configure(config);
    impl = new ShopImpl("", gate);
    Shop shop = DBOS.register(Shop.class, impl);
    DBOS.launch();
    return shop;
  }

  private static StartWorkflowOptions id(String id) {
    return StartWorkflowOptions.builder().workflowId(id).build();
  }

  @Test
  void startWorkflowReturnsOnceTheWorkflowIsRecorded() throws Exception {
    Gate gate = new Gate(1);
    Shop shop = launch(db.config().build(), gate);

    WorkflowHandle<String> handle = DBOS.startWorkflow(() -> shop.gated("pen"), id("recorded"));

    assertThat(handle.workflowId()).isEqualTo("recorded");
    assertThat(tables.status("recorded")).as("the row is there at once").isEqualTo("PENDING");
    assertThat(handle.getStatus().state()).isEqualTo(WorkflowState.PENDING);
    gate.open();
    assertThat(handle.getResult()).isEqualTo("pen");
    assertThat(handle.getStatus().state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(tables.status("recorded")).isEqualTo("SUCCESS");
  }

  @Test
  void startWorkflowWithoutAnIdGetsAFreshOne() throws Exception {
    Shop shop = launch(db.config().build(), Gate.opened());
    WorkflowHandle<String> a = DBOS.startWorkflow(() -> shop.buy("a", 1));
    WorkflowHandle<String> b = DBOS.startWorkflow(() -> shop.buy("b", 2));
    assertThat(a.workflowId()).isNotBlank().isNotEqualTo(b.workflowId());
    assertThat(a.getResult()).isEqualTo("1xa");
    assertThat(b.getResult()).isEqualTo("2xb");
    assertThat(tables.workflowRows()).isEqualTo(2);
  }

  @Test
  void startWorkflowWithAnExistingIdReturnsTheExistingWorkflow() throws Exception {
    Shop shop = launch(db.config().build(), Gate.opened());
    WorkflowHandle<String> first = DBOS.startWorkflow(() -> shop.buy("book", 1), id("existing"));
    assertThat(first.getResult()).isEqualTo("1xbook");

    WorkflowHandle<String> second = DBOS.startWorkflow(() -> shop.buy("book", 1), id("existing"));
    assertThat(second.workflowId()).isEqualTo("existing");
    assertThat(second.getResult()).isEqualTo("1xbook");
    assertThat(impl.runs).hasValue(1);
    assertThat(second.getStatus().recoveryAttempts()).isEqualTo(1);
  }

  @Test
  void theStatusDescribesTheWorkflow() throws Exception {
    Instant now = Instant.parse("2030-01-02T03:04:05.678Z");
    Shop shop = launch(db.config().clock(Clock.fixed(now, ZoneOffset.UTC)).build(), Gate.opened());
    WorkflowHandle<String> handle = DBOS.startWorkflow(() -> shop.buy("lamp", 3), id("described"));
    assertThat(handle.getResult()).isEqualTo("3xlamp");

    WorkflowStatus status = handle.getStatus();
    assertThat(status.workflowId()).isEqualTo("described");
    assertThat(status.state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(status.name()).isEqualTo("ShopImpl.buy");
    assertThat(status.className()).isEqualTo(ShopImpl.class.getName());
    assertThat(status.instanceName()).isEqualTo("");
    assertThat(status.input()).containsExactly("lamp", 3);
    assertThat(status.output()).isEqualTo("3xlamp");
    assertThat(status.error()).isNull();
    assertThat(status.executorId()).isEqualTo("local");
    assertThat(status.appVersion()).isEqualTo("test-version");
    assertThat(status.recoveryAttempts()).isEqualTo(1);
    assertThat(status.createdAt()).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));
    assertThat(status.updatedAt()).isEqualTo(status.createdAt());
    assertThat(status.authenticatedUser()).isNull();
    assertThat(status.authenticatedRoles()).isEmpty();
    assertThat(status.queueName()).isNull();

    // The same, read by a process that registered nothing.
    DBOS.shutdown();
    DBOS.configure(db.config().build());
    DBOS.launch();
    WorkflowStatus read = DBOS.retrieveWorkflow("described").getStatus();
    assertThat(read.name()).isEqualTo("ShopImpl.buy");
    assertThat(read.input()).containsExactly("lamp", 3);
    assertThat(read.output()).isEqualTo("3xlamp");
    assertThat(DBOS.<String>retrieveWorkflow("described").getResult()).isEqualTo("3xlamp");
  }

  @Test
  void aWorkflowNameCanBeChosenAndAVoidWorkflowHasANullResult() throws Exception {
    Shop shop = launch(db.config().build(), Gate.opened());
    WorkflowHandle<Void> handle = DBOS.startWorkflow(shop::nothing, id("void"));
    assertThat(handle.getResult()).isNull();
    WorkflowStatus status = handle.getStatus();
    assertThat(status.name()).isEqualTo("custom-nothing");
    assertThat(status.input()).isEmpty();
    assertThat(status.output()).isNull();
    assertThat(impl.runs).hasValue(1);
  }

  @Test
  void getResultAsyncCompletesWithTheResult() throws Exception {
    Gate gate = new Gate(1);
    Shop shop = launch(db.config().build(), gate);
    WorkflowHandle<String> handle = DBOS.startWorkflow(() -> shop.gated("cup"), id("async"));
    CompletableFuture<String> future = handle.getResultAsync();
    gate.awaitArrivals();
    assertThat(future).isNotDone();
    gate.open();
    assertThat(future.get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("cup");

    // And for a finished workflow read back from the database.
    assertThat(
            DBOS.<String>retrieveWorkflow("async")
                .getResultAsync()
                .get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("cup");
    assertThatThrownBy(
            () ->
                DBOS.startWorkflow(() -> shop.outOfStock("tea"), id("async-fails"))
                    .getResultAsync()
                    .get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(OutOfStock.class);
  }

  @Test
  void retrievingAnUnknownWorkflowFails() {
    launch(db.config().build(), Gate.opened());
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("no-such-workflow"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class)
        .hasMessageContaining("no-such-workflow")
        .satisfies(
            e ->
                assertThat(((DBOSNonExistentWorkflowException) e).workflowId())
                    .isEqualTo("no-such-workflow"));
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("not-yet", false).getStatus())
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
  }

  @Test
  void aHandleOnAWorkflowNotStartedYetWaitsForItsResult() throws Exception {
    Shop shop = launch(db.config().build(), Gate.opened());
    WorkflowHandle<String> handle = DBOS.retrieveWorkflow("later", false);
    CompletableFuture<String> waiting = CompletableFuture.supplyAsync(handle::getResult);
    assertThat(waiting).isNotDone();

    Thread starter =
        new Thread(
            () -> {
              try (var id = new SetWorkflowID("later")) {
                shop.buy("clock", 5);
              }
            });
    starter.start();
    starter.join(TimeUnit.SECONDS.toMillis(Gate.TIMEOUT_SECONDS));

    assertThat(waiting.get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("5xclock");
    assertThat(impl.runs).hasValue(1);
  }

  @Test
  void aFailedWorkflowRethrowsItsOwnExceptionAlsoWhenReadBack() throws Exception {
    Shop shop = launch(db.config().build(), Gate.opened());
    assertThatThrownBy(
            () -> DBOS.startWorkflow(() -> shop.declined("tv"), id("declined")).getResult())
        .isExactlyInstanceOf(PaymentDeclined.class)
        .hasMessage("card declined for tv");
    assertThatThrownBy(
            () -> DBOS.startWorkflow(() -> shop.outOfStock("tea"), id("stock")).getResult())
        .isExactlyInstanceOf(OutOfStock.class)
        .hasMessage("no more tea");
    assertThat(tables.status("declined")).isEqualTo("ERROR");

    // Read back from the database by another process, which registered nothing.
    DBOS.shutdown();
    DBOS.configure(db.config().build());
    DBOS.launch();
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("declined").getResult())
        .isExactlyInstanceOf(PaymentDeclined.class)
        .hasMessage("card declined for tv");
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("stock").getResult())
        .isExactlyInstanceOf(OutOfStock.class)
        .hasMessage("no more tea");
    WorkflowStatus status = DBOS.retrieveWorkflow("declined").getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.ERROR);
    assertThat(status.error()).isExactlyInstanceOf(PaymentDeclined.class);
    assertThat(status.output()).isNull();
  }

  @Test
  void anExceptionThatCannotBeRebuiltComesBackAsADBOSExceptionNamingIt() throws Exception {
    Shop shop = launch(db.config().build(), Gate.opened());
    WorkflowHandle<String> handle = DBOS.startWorkflow(() -> shop.coded("x"), id("coded"));
    Throwable inProcess = catchThrowable(handle::getResult);
    assertThat(inProcess).hasMessageContaining("42: coded x");

    DBOS.shutdown();
    DBOS.configure(db.config().build());
    DBOS.launch();
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("coded").getResult())
        .isExactlyInstanceOf(DBOSException.class)
        .hasMessageContaining(CodedFailure.class.getName())
        .hasMessageContaining("42: coded x");
  }

  @Test
  void twoInstancesOfOneClassAreRegisteredUnderInstanceNames() throws Exception {
    DBOS.configure(db.config().build());
    ShopImpl east = new ShopImpl("east:", Gate.opened());
    ShopImpl west = new ShopImpl("west:", Gate.opened());
    Shop eastShop = DBOS.register(Shop.class, east, "east");
    Shop westShop = DBOS.register(Shop.class, west, "west");
    assertThatThrownBy(() -> DBOS.register(Shop.class, new ShopImpl("", Gate.opened()), "east"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("east");
    DBOS.launch();

    assertThat(DBOS.startWorkflow(() -> eastShop.buy("hat", 1), id("e")).getResult())
        .isEqualTo("east:1xhat");
    assertThat(DBOS.startWorkflow(() -> westShop.buy("hat", 1), id("w")).getResult())
        .isEqualTo("west:1xhat");
    assertThat(east.runs).hasValue(1);
    assertThat(west.runs).hasValue(1);
    assertThat(DBOS.retrieveWorkflow("e").getStatus().instanceName()).isEqualTo("east");
    assertThat(DBOS.retrieveWorkflow("w").getStatus().instanceName()).isEqualTo("west");
    assertThat(
            tables.string(
                "SELECT config_name FROM dbos.workflow_status WHERE workflow_uuid = ?", "w"))
        .isEqualTo("west");
  }

  @Test
  void aRecoveredWorkflowRunsOnItsOwnInstance() throws Exception {
    Gate gate = new Gate(1);
    DBOS.configure(db.config().build());
    DBOS.register(Shop.class, new ShopImpl("east:", Gate.opened()), "east");
    Shop westShop = DBOS.register(Shop.class, new ShopImpl("west:", gate), "west");
    DBOS.launch();
    DBOS.startWorkflow(() -> westShop.gated("boot"), id("west-pending"));
    gate.awaitArrivals();
    DBOS.shutdown();

    DBOS.configure(db.config().build());
    ShopImpl east = new ShopImpl("east:", Gate.opened());
    ShopImpl west = new ShopImpl("west:", Gate.opened());
    DBOS.register(Shop.class, east, "east");
    DBOS.register(Shop.class, west, "west");
    DBOS.launch();
    assertThat(DBOS.<String>retrieveWorkflow("west-pending").getResult()).isEqualTo("west:boot");
    assertThat(west.runs).hasValue(1);
    assertThat(east.runs).hasValue(0);
    assertThat(DBOS.retrieveWorkflow("west-pending").getStatus().recoveryAttempts()).isEqualTo(2);
  }
}
