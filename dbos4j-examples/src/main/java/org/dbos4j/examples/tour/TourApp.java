package org.dbos4j.examples.tour;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSContextSetAuth;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.Queue;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;

/** The README's tour, in the order the README tells it. */
public final class TourApp {
  private TourApp() {}

  public static void main(String[] args) throws SQLException {
    // tour:start configure
    DBOS.configure(
        DBOSConfig.builder()
            .appName("shop")
            .systemDatabaseUrl("jdbc:sqlite:shop.sqlite") // or jdbc:postgresql://host:5432/shop_sys
            .databaseUrl("jdbc:sqlite:shop.sqlite") // for transactions; or jdbc:postgresql://...
            .build());
    Payments payments = DBOS.register(Payments.class, new PaymentsImpl());
    Ledger ledger = DBOS.register(Ledger.class, new LedgerImpl());
    Orders orders = DBOS.register(Orders.class, new OrdersImpl(payments, ledger));
    Reports reports = DBOS.register(Reports.class, new ReportsImpl());
    // tour:end configure

    // tour:start queue
    Queue reportQueue =
        Queue.builder("reports")
            .concurrency(2) // at most 2 reports run at once, in all processes together
            .rateLimit(10, Duration.ofMinutes(1)) // at most 10 start in any minute
            .build();
    DBOS.registerQueue(reportQueue); // before launch: this process then runs the queue's workflows
    // tour:end queue

    // tour:start launch
    DBOS.launch(); // creates the databases and their tables if missing, resumes pending workflows
    ledger.createTable(); // outside a workflow a transaction simply runs, recording nothing
    // tour:end launch

    try {
      // tour:start start
      WorkflowHandle<String> handle;
      try (var id = new SetWorkflowID("order-42")) { // the workflow ID is its idempotency key
        handle = DBOS.startWorkflow(() -> orders.checkout("order-42"));
      }
      WorkflowState state = handle.getStatus().state(); // PENDING: the start is already recorded
      // tour:end start

      // tour:start messages
      String status = DBOS.getEvent("order-42", "status", Duration.ofSeconds(10));
      DBOS.send("order-42", "yes", "confirmation"); // from anywhere, even another process
      String receipt = handle.getResult(); // waits; rethrows the workflow's own exception
      // tour:end messages

      // tour:start idempotency
      try (var id = new SetWorkflowID("order-42")) {
        receipt = orders.checkout("order-42"); // done already: the recorded result, nothing runs
      }
      state = DBOS.retrieveWorkflow("order-42").getStatus().state(); // SUCCESS, seen from anywhere
      // tour:end idempotency

      // tour:start identity
      String report;
      try (var auth = new DBOSContextSetAuth("alice", List.of("user", "admin"))) {
        report = reports.monthly("2026-11"); // "2026-11 for alice as admin"
      }
      // tour:end identity

      // tour:start enqueue
      List<WorkflowHandle<String>> monthlies = new ArrayList<>();
      try (var auth = new DBOSContextSetAuth("alice", List.of("user", "admin"))) {
        for (String month : List.of("2026-09", "2026-10", "2026-11")) {
          monthlies.add( // recorded ENQUEUED at once; the queue's dispatcher starts each later
              DBOS.startWorkflow(
                  () -> reports.monthly(month),
                  StartWorkflowOptions.builder()
                      .queue(reportQueue)
                      .workflowId("report-" + month) // its idempotency key, as for any start
                      .build()));
        }
      }
      for (WorkflowHandle<String> monthly : monthlies) {
        report = monthly.getResult(); // waits for the workflow, wherever it ran
      }
      // tour:end enqueue

      // tour:start manage
      List<WorkflowStatus> failed =
          DBOS.listWorkflows(
              ListWorkflowsInput.builder()
                  .states(List.of(WorkflowState.ERROR))
                  .sortDescending(true) // the newest first
                  .limit(100)
                  .loadInput(false) // leave the payloads out of the query
                  .loadOutput(false)
                  .build());
      List<StepInfo> steps = DBOS.listWorkflowSteps("order-42"); // in step order, with outputs
      int afterLedger =
          steps.stream()
                  .filter(step -> step.functionName().equals("LedgerImpl.record"))
                  .findFirst()
                  .orElseThrow()
                  .functionId()
              + 1;
      // a new workflow: the steps before afterLedger are copied, not run again
      WorkflowHandle<String> again = DBOS.forkWorkflow("order-42", afterLedger);
      receipt = again.getResult(); // the same receipt: neither the charge nor the sale is redone
      DBOS.deleteWorkflow(again.workflowId(), true); // its row, steps, events and children
      // tour:end manage

      System.out.println(
          status + ", then " + state + ": " + receipt + "; " + report + "; failed: " + failed);
    } finally {
      DBOS.shutdown(); // stops accepting work; unfinished workflows resume at the next launch
    }
  }
}
