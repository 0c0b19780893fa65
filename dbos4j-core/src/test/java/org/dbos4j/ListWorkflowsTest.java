package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DBOS.listWorkflows (API 5.3, 5.8 Listing): each filter, their AND, paging, both orders, and
 * loadInput/loadOutput. Workflows are created one second apart on a manual clock, so their order by
 * creation time is known.
 */
@BothBackends
class ListWorkflowsTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final ManualClock clock = new ManualClock(START);
  private final Queue payments = Queue.builder("payments").build();
  private Orders orders;

  public interface Orders {
    String checkout(String item);

    String decline(String item);

    String basket(String item);
  }

  public static final class OrdersImpl implements Orders {
    Orders self;

    @Workflow
    @Override
    public String basket(String item) {
      return self.checkout(item);
    }

    @Workflow
    @Override
    public String checkout(String item) {
      return "bought " + item;
    }

    @Workflow
    @Override
    public String decline(String item) {
      throw new IllegalStateException("declined " + item);
    }
  }

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().clock(clock).build());
    OrdersImpl impl = new OrdersImpl();
    orders = DBOS.register(Orders.class, impl);
    impl.self = orders;
    DBOS.registerQueue(payments);
    DBOS.launch();
  }

  /** Runs {@code call} as workflow {@code id} to its end, then moves the clock a second on. */
  private void run(String id, Runnable call) {
    try (var ignored = new SetWorkflowID(id)) {
      try {
        call.run();
      } catch (IllegalStateException expected) {
        // a declined order
      }
    }
    clock.advance(Duration.ofSeconds(1));
  }

  private void fiveWorkflows() {
    run("order-1", () -> orders.checkout("apple"));
    run("order-2", () -> orders.decline("pear"));
    try (var auth = new DBOSContextSetAuth("alice", List.of("buyer"))) {
      run("order-3", () -> orders.checkout("plum"));
    }
    run("other-4", () -> orders.checkout("fig"));
    DBOS.startWorkflow(
            () -> orders.checkout("kiwi"),
            StartWorkflowOptions.builder().workflowId("queued-5").queue(payments).build())
        .getResult();
    clock.advance(Duration.ofSeconds(1));
  }

  private static List<String> ids(List<WorkflowStatus> statuses) {
    return statuses.stream().map(WorkflowStatus::workflowId).toList();
  }

  private static List<String> list(ListWorkflowsInput.Builder b) {
    return ids(DBOS.listWorkflows(b.build()));
  }

  @Test
  void listsAllAscendingByCreationTimeByDefault() {
    fiveWorkflows();
    List<WorkflowStatus> all = DBOS.listWorkflows(ListWorkflowsInput.builder().build());
    assertThat(ids(all)).containsExactly("order-1", "order-2", "order-3", "other-4", "queued-5");
    WorkflowStatus first = all.get(0);
    assertThat(first.state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(first.input()).containsExactly("apple");
    assertThat(first.output()).isEqualTo("bought apple");
    assertThat(first.createdAt()).isEqualTo(START);
    assertThat(all.get(1).error()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void filtersEachAlone() {
    fiveWorkflows();
    ListWorkflowsInput.Builder b = ListWorkflowsInput.builder();
    assertThat(list(ListWorkflowsInput.builder().workflowIds(List.of("order-2", "other-4", "x"))))
        .containsExactly("order-2", "other-4");
    assertThat(list(ListWorkflowsInput.builder().name("OrdersImpl.decline")))
        .containsExactly("order-2");
    assertThat(list(ListWorkflowsInput.builder().states(List.of(WorkflowState.ERROR))))
        .containsExactly("order-2");
    assertThat(
            list(
                ListWorkflowsInput.builder()
                    .states(List.of(WorkflowState.ERROR, WorkflowState.SUCCESS))))
        .hasSize(5);
    assertThat(list(ListWorkflowsInput.builder().queueName("payments")))
        .containsExactly("queued-5");
    assertThat(list(ListWorkflowsInput.builder().authenticatedUser("alice")))
        .containsExactly("order-3");
    assertThat(list(ListWorkflowsInput.builder().appVersion("test-version"))).hasSize(5);
    assertThat(list(ListWorkflowsInput.builder().appVersion("v0"))).isEmpty();
    assertThat(list(ListWorkflowsInput.builder().executorId(DBOS.config().executorId())))
        .hasSize(5);
    assertThat(list(ListWorkflowsInput.builder().executorId("elsewhere"))).isEmpty();
    assertThat(list(ListWorkflowsInput.builder().workflowIdPrefix("order-")))
        .containsExactly("order-1", "order-2", "order-3");
    assertThat(list(ListWorkflowsInput.builder().workflowIdPrefix("ORDER-"))).isEmpty();
    assertThat(list(ListWorkflowsInput.builder().workflowIdPrefix("order_"))).isEmpty();
    assertThat(list(b.createdAfter(START.plusSeconds(1)).createdBefore(START.plusSeconds(3))))
        .containsExactly("order-2", "order-3", "other-4");
  }

  @Test
  void filtersCombineWithAnd() {
    fiveWorkflows();
    assertThat(
            list(
                ListWorkflowsInput.builder()
                    .name("OrdersImpl.checkout")
                    .workflowIdPrefix("order-")
                    .states(List.of(WorkflowState.SUCCESS))))
        .containsExactly("order-1", "order-3");
    assertThat(
            list(
                ListWorkflowsInput.builder().name("OrdersImpl.decline").authenticatedUser("alice")))
        .isEmpty();
  }

  @Test
  void listsAChildByItsParent() {
    run("basket", () -> orders.basket("melon"));
    assertThat(list(ListWorkflowsInput.builder().parentWorkflowId("basket")))
        .containsExactly("basket-1");
    WorkflowStatus child =
        DBOS.listWorkflows(ListWorkflowsInput.builder().parentWorkflowId("basket").build()).get(0);
    assertThat(child.parentWorkflowId()).isEqualTo("basket");
    assertThat(list(ListWorkflowsInput.builder().parentWorkflowId("order-1"))).isEmpty();
  }

  @Test
  void pagesInEitherOrder() {
    fiveWorkflows();
    assertThat(list(ListWorkflowsInput.builder().limit(2))).containsExactly("order-1", "order-2");
    assertThat(list(ListWorkflowsInput.builder().limit(2).offset(2)))
        .containsExactly("order-3", "other-4");
    assertThat(list(ListWorkflowsInput.builder().offset(3))).containsExactly("other-4", "queued-5");
    assertThat(list(ListWorkflowsInput.builder().offset(5))).isEmpty();
    assertThat(list(ListWorkflowsInput.builder().sortDescending(true)))
        .containsExactly("queued-5", "other-4", "order-3", "order-2", "order-1");
    assertThat(list(ListWorkflowsInput.builder().sortDescending(true).limit(2).offset(1)))
        .containsExactly("other-4", "order-3");
  }

  @Test
  void workflowsCreatedAtTheSameTimeAreOrderedByTheirId() {
    for (String id : List.of("b", "c", "a")) {
      try (var ignored = new SetWorkflowID(id)) {
        orders.checkout(id);
      }
    }
    assertThat(list(ListWorkflowsInput.builder())).containsExactly("a", "b", "c");
    assertThat(list(ListWorkflowsInput.builder().sortDescending(true)))
        .containsExactly("c", "b", "a");
  }

  @Test
  void loadInputAndLoadOutputFalseLeaveThePayloadsOut() {
    fiveWorkflows();
    List<WorkflowStatus> lean =
        DBOS.listWorkflows(
            ListWorkflowsInput.builder()
                .workflowIds(List.of("order-1", "order-2"))
                .loadInput(false)
                .loadOutput(false)
                .build());
    assertThat(lean).extracting(WorkflowStatus::input).containsOnlyNulls();
    assertThat(lean).extracting(WorkflowStatus::output).containsOnlyNulls();
    assertThat(lean).extracting(WorkflowStatus::error).containsOnlyNulls();
    assertThat(lean.get(1).state()).isEqualTo(WorkflowState.ERROR);
    assertThat(lean.get(0).name()).isEqualTo("OrdersImpl.checkout");

    WorkflowStatus inputOnly =
        DBOS.listWorkflows(
                ListWorkflowsInput.builder()
                    .workflowIds(List.of("order-1"))
                    .loadOutput(false)
                    .build())
            .get(0);
    assertThat(inputOnly.input()).containsExactly("apple");
    assertThat(inputOnly.output()).isNull();
    WorkflowStatus outputOnly =
        DBOS.listWorkflows(
                ListWorkflowsInput.builder()
                    .workflowIds(List.of("order-1"))
                    .loadInput(false)
                    .build())
            .get(0);
    assertThat(outputOnly.input()).isNull();
    assertThat(outputOnly.output()).isEqualTo("bought apple");
  }

  @Test
  void buildRefusesBadPaging() {
    assertThatThrownBy(() -> ListWorkflowsInput.builder().limit(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> ListWorkflowsInput.builder().offset(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
  }
}
