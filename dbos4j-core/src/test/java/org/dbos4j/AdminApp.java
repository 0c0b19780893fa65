package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The application of the admin API tests, launched with an admin server on a free port: a workflow
 * of one step, and one that waits at a {@link Gate} in its first of two counted steps.
 */
final class AdminApp {
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

  final AdminHttp http;
  final FlowsImpl impl;
  final Flows flows;

  private AdminApp(AdminHttp http, FlowsImpl impl, Flows flows) {
    this.http = http;
    this.impl = impl;
    this.flows = flows;
  }

  /**
   * Configures {@code db}'s test configuration with an admin server on a free port and {@code
   * config} applied, registers the workflows (passing {@code gate}) and {@code queues}, launches.
   */
  static AdminApp launch(
      SystemDatabaseExtension db,
      Gate gate,
      UnaryOperator<DBOSConfig.Builder> config,
      Queue... queues)
      throws Exception {
    int port = AdminHttp.freePort();
    DBOS.configure(config.apply(db.config().adminPort(port)).build());
    FlowsImpl impl = new FlowsImpl(gate);
    Flows flows = DBOS.register(Flows.class, impl);
    for (Queue q : queues) {
      DBOS.registerQueue(q);
    }
    DBOS.launch();
    return new AdminApp(new AdminHttp(port), impl, flows);
  }

  /** {@link #launch(SystemDatabaseExtension, Gate, UnaryOperator, Queue...)} with defaults. */
  static AdminApp launch(SystemDatabaseExtension db) throws Exception {
    return launch(db, Gate.opened(), c -> c);
  }

  static void assertBadRequest(AdminHttp.Reply r, String naming) {
    assertThat(r.status()).as(r.json().toString()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).contains(naming);
  }
}
