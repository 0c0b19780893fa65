package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.RequestScope;
import org.dbos4j.internal.serialize.CallerCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who is calling, and the HTTP request being handled: the context managers and accessors, what a
 * workflow records and what its steps, transactions and children see, {@code @RequiredRoles}, and
 * recovery restoring both.
 */
@BothBackends
class IdentityTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private SystemTables tables;

  @BeforeEach
  void tables() {
    tables = new SystemTables(db);
  }

  /** What the code sees: {@code user/roles/assumedRole}. */
  static String identity() {
    return DBOS.authenticatedUser() + "/" + DBOS.authenticatedRoles() + "/" + DBOS.assumedRole();
  }

  static String requestSeen() {
    DBOSRequest r = DBOS.request();
    return r == null ? "no request" : r.method() + " " + r.url() + " " + r.header("x-trace");
  }

  public interface Probe {
    String seen();

    String auditorsOnly();

    String passGateThenSee();
  }

  static final class ProbeImpl implements Probe {
    final Gate gate;

    ProbeImpl(Gate gate) {
      this.gate = gate;
    }

    @Step
    @Override
    public String seen() {
      return identity() + " " + requestSeen();
    }

    @Step
    @RequiredRoles({"auditor"})
    @Override
    public String auditorsOnly() {
      return identity();
    }

    @Step
    @Override
    public String passGateThenSee() {
      gate.pass();
      return identity() + " " + requestSeen();
    }
  }

  public interface Ledger {
    String seenInTransaction();
  }

  static final class LedgerImpl implements Ledger {
    @Transaction
    @Override
    public String seenInTransaction() {
      return identity();
    }
  }

  public interface Flows {
    String observe();

    String child();

    String observeWithTransaction();

    String adminOrAuditor();

    String callsAuditorsOnlyStep();

    String switchesIdentityForItsChild();

    String recoverable();
  }

  static final class FlowsImpl implements Flows {
    final Probe probe;
    final Ledger ledger;
    final AtomicInteger guardedRuns = new AtomicInteger();
    Flows self;

    FlowsImpl(Probe probe, Ledger ledger) {
      this.probe = probe;
      this.ledger = ledger;
    }

    @Workflow
    @Override
    public String observe() {
      String started = DBOS.startWorkflow(() -> self.child()).getResult();
      return identity() + " | " + probe.seen() + " | " + self.child() + " | " + started;
    }

    @Workflow
    @Override
    public String child() {
      return identity() + " " + requestSeen();
    }

    @Workflow
    @Override
    public String observeWithTransaction() {
      return ledger.seenInTransaction();
    }

    @Workflow
    @RequiredRoles({"admin", "auditor"})
    @Override
    public String adminOrAuditor() {
      guardedRuns.incrementAndGet();
      return identity() + " | " + probe.seen() + " | " + self.child();
    }

    @Workflow
    @Override
    public String callsAuditorsOnlyStep() {
      return probe.auditorsOnly();
    }

    @Workflow
    @Override
    public String switchesIdentityForItsChild() {
      DBOS.setAuthentication("service", List.of("batch"));
      return identity() + " | " + self.child();
    }

    @Workflow
    @RequiredRoles({"admin", "auditor"})
    @Override
    public String recoverable() {
      return probe.seen() + " | " + probe.passGateThenSee() + " | " + self.child();
    }
  }

  /** Every durable method requires "admin" unless it says otherwise. */
  public interface AdminFlows {
    String anything();

    String open();

    String auditorFirst();
  }

  @RequiredRoles({"admin"})
  static final class AdminFlowsImpl implements AdminFlows {
    @Workflow
    @Override
    public String anything() {
      return identity();
    }

    @Workflow
    @RequiredRoles({})
    @Override
    public String open() {
      return identity();
    }

    @Workflow
    @RequiredRoles({"auditor", "admin"})
    @Override
    public String auditorFirst() {
      return identity();
    }
  }

  public interface Misdeclared {
    String plain();
  }

  static final class MisdeclaredImpl implements Misdeclared {
    @RequiredRoles({"admin"})
    @Override
    public String plain() {
      return "";
    }
  }

  private FlowsImpl impl;
  private AdminFlows admin;

  private Flows launch(Gate gate) {
    DBOS.configure(db.config().databaseUrl(db.applicationUrl()).build());
    Probe probe = DBOS.register(Probe.class, new ProbeImpl(gate));
    impl = new FlowsImpl(probe, DBOS.register(Ledger.class, new LedgerImpl()));
    Flows flows = DBOS.register(Flows.class, impl);
    impl.self = flows;
    admin = DBOS.register(AdminFlows.class, new AdminFlowsImpl());
    DBOS.launch();
    return flows;
  }

  private static DBOSRequest request(String trace) throws Exception {
    return new DBOSRequest(
        Map.of("X-Trace", List.of(trace), "Accept", List.of("text/plain", "application/json")),
        Map.of("id", "42"),
        Map.of("q", List.of("a", "b")),
        URI.create("http://shop.example:8080/app/orders/42?q=a&q=b"),
        URI.create("http://shop.example:8080/app"),
        new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 55123),
        Map.of("session", "s1"),
        "POST");
  }

  @Test
  void withNoAuthenticationTheAccessorsAreEmpty() {
    assertThat(DBOS.authenticatedUser()).isNull();
    assertThat(DBOS.authenticatedRoles()).isEmpty();
    assertThat(DBOS.assumedRole()).isNull();
    assertThat(DBOS.request()).isNull();
    try (var ensure = new DBOSContextEnsure()) {
      assertThat(identity()).isEqualTo("null/[]/null");
    }
  }

  @Test
  void setAuthBlocksNestAndLeavingOneRestoresTheOuterIdentity() {
    try (var outer = new DBOSContextSetAuth("alice", List.of("user"))) {
      assertThat(identity()).isEqualTo("alice/[user]/null");
      try (var inner = new DBOSContextSetAuth("bob", List.of("admin", "user"))) {
        assertThat(identity()).isEqualTo("bob/[admin, user]/null");
      }
      assertThat(identity()).isEqualTo("alice/[user]/null");
      try (var anonymous = new DBOSContextSetAuth(null, null)) {
        assertThat(identity()).isEqualTo("null/[]/null");
      }
      assertThat(identity()).isEqualTo("alice/[user]/null");
    }
    assertThat(DBOSContext.current()).as("the block removes the context it created").isNull();
    assertThat(identity()).isEqualTo("null/[]/null");
  }

  @Test
  void setAuthenticationNeedsAContextAndEndsWithTheBlockThatCreatedIt() {
    assertThatThrownBy(() -> DBOS.setAuthentication("alice", List.of("user")))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("needs a DBOS context");
    try (var ensure = new DBOSContextEnsure()) {
      DBOS.setAuthentication("alice", List.of("user"));
      assertThat(identity()).isEqualTo("alice/[user]/null");
      try (var nested = new DBOSContextEnsure()) {
        DBOS.setAuthentication("bob", null);
      }
      assertThat(identity())
          .as("the nested block did not create the context: its identity stays")
          .isEqualTo("bob/[]/null");
    }
    assertThat(identity())
        .as("ended with the block that created the context")
        .isEqualTo("null/[]/null");
    try (var auth = new DBOSContextSetAuth("carol", List.of("x"))) {
      DBOS.setAuthentication("dave", List.of("y"));
      assertThat(identity()).isEqualTo("dave/[y]/null");
    }
    assertThat(identity()).isEqualTo("null/[]/null");
  }

  @Test
  void rolesMayNotHoldNull() {
    assertThatThrownBy(() -> new DBOSContextSetAuth("alice", Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aWorkflowRecordsItsCallersIdentityAndItsStepsTransactionsAndChildrenSeeIt()
      throws Exception {
    Flows flows = launch(Gate.opened());
    String seen;
    try (var id = new SetWorkflowID("observed");
        var auth = new DBOSContextSetAuth("alice", List.of("user", "auditor"))) {
      seen = flows.observe();
    }
    String alice = "alice/[user, auditor]/null";
    assertThat(seen)
        .isEqualTo(
            alice
                + " | "
                + alice
                + " no request | "
                + alice
                + " no request | "
                + alice
                + " no request");
    assertThat(recordedIdentity("observed")).isEqualTo("alice|[\"user\",\"auditor\"]|null");
    assertThat(childrenIdentities("observed"))
        .as("the started and the called child")
        .containsExactly(recordedIdentity("observed"), recordedIdentity("observed"));
    WorkflowStatus status = DBOS.retrieveWorkflow("observed").getStatus();
    assertThat(status.authenticatedUser()).isEqualTo("alice");
    assertThat(status.authenticatedRoles()).containsExactly("user", "auditor");
    assertThat(status.assumedRole()).isNull();

    try (var auth = new DBOSContextSetAuth("bob", List.of("clerk"))) {
      assertThat(flows.observeWithTransaction()).isEqualTo("bob/[clerk]/null");
    }
    WorkflowHandle<String> started;
    try (var auth = new DBOSContextSetAuth("erin", List.of())) {
      started = DBOS.startWorkflow(flows::child);
    }
    assertThat(started.getResult()).isEqualTo("erin/[]/null no request");
    assertThat(recordedIdentity(started.workflowId())).isEqualTo("erin|null|null");
    assertThat(flows.child()).as("anonymous").isEqualTo("null/[]/null no request");
  }

  @Test
  void aWorkflowThatChangesItsIdentityPassesTheNewOneToLaterChildren() throws Exception {
    Flows flows = launch(Gate.opened());
    try (var id = new SetWorkflowID("switch");
        var auth = new DBOSContextSetAuth("alice", List.of("user"))) {
      assertThat(flows.switchesIdentityForItsChild())
          .isEqualTo("service/[batch]/null | service/[batch]/null no request");
      assertThat(identity())
          .as("the caller's identity is untouched")
          .isEqualTo("alice/[user]/null");
    }
    assertThat(recordedIdentity("switch")).isEqualTo("alice|[\"user\"]|null");
    assertThat(childrenIdentities("switch")).containsExactly("service|[\"batch\"]|null");
  }

  @Test
  void requiredRolesDenyBeforeAnythingRunsOrIsRecorded() throws Exception {
    Flows flows = launch(Gate.opened());
    assertThatThrownBy(flows::adminOrAuditor)
        .isInstanceOfSatisfying(
            DBOSNotAuthorizedException.class,
            e -> {
              assertThat(e.functionName()).isEqualTo("FlowsImpl.adminOrAuditor");
              assertThat(e.requiredRoles()).containsExactly("admin", "auditor");
              assertThat(e.user()).isNull();
            })
        .hasMessageContaining("not authenticated");
    try (var auth = new DBOSContextSetAuth("bob", List.of("user"))) {
      assertThatThrownBy(flows::adminOrAuditor)
          .isInstanceOf(DBOSNotAuthorizedException.class)
          .hasMessageContaining("user 'bob'")
          .hasMessageContaining("[admin, auditor]");
      assertThatThrownBy(() -> DBOS.startWorkflow(flows::adminOrAuditor))
          .isInstanceOf(DBOSNotAuthorizedException.class);
      assertThatThrownBy(admin::anything).isInstanceOf(DBOSNotAuthorizedException.class);
    }
    assertThat(impl.guardedRuns).hasValue(0);
    assertThat(tables.workflowRows()).as("nothing recorded").isZero();
    assertThat(tables.operationRows()).isZero();
  }

  @Test
  void theAssumedRoleIsTheFirstRequiredRoleTheCallerHolds() throws Exception {
    Flows flows = launch(Gate.opened());
    try (var id = new SetWorkflowID("guarded");
        var auth = new DBOSContextSetAuth("alice", List.of("auditor", "admin"))) {
      String admin = "alice/[auditor, admin]/admin";
      assertThat(flows.adminOrAuditor())
          .as("the role list's order decides, not the user's")
          .isEqualTo(admin + " | " + admin + " no request | " + admin + " no request");
      assertThat(identity())
          .as("the caller assumes nothing")
          .isEqualTo("alice/[auditor, admin]/null");
    }
    assertThat(recordedIdentity("guarded")).isEqualTo("alice|[\"auditor\",\"admin\"]|admin");
    assertThat(childrenIdentities("guarded"))
        .as("the child inherits the role")
        .containsExactly(recordedIdentity("guarded"));

    try (var auth = new DBOSContextSetAuth("bob", List.of("auditor"))) {
      WorkflowHandle<String> started = DBOS.startWorkflow(flows::adminOrAuditor);
      assertThat(started.getResult()).startsWith("bob/[auditor]/auditor | ");
      assertThat(started.getStatus().assumedRole()).isEqualTo("auditor");
    }
  }

  @Test
  void aClassDefaultAppliesUnlessTheMethodSaysOtherwise() {
    launch(Gate.opened());
    assertThat(admin.open()).as("an empty list opens the method").isEqualTo("null/[]/null");
    try (var auth = new DBOSContextSetAuth("root", List.of("admin", "auditor"))) {
      assertThat(admin.anything()).isEqualTo("root/[admin, auditor]/admin");
      assertThat(admin.auditorFirst()).isEqualTo("root/[admin, auditor]/auditor");
      assertThat(admin.open()).isEqualTo("root/[admin, auditor]/null");
    }
  }

  @Test
  void aStepWithRequiredRolesIsCheckedInsideTheWorkflow() throws Exception {
    Flows flows = launch(Gate.opened());
    try (var auth = new DBOSContextSetAuth("bob", List.of("user"))) {
      assertThatThrownBy(flows::callsAuditorsOnlyStep)
          .isInstanceOf(DBOSNotAuthorizedException.class);
    }
    try (var auth = new DBOSContextSetAuth("ann", List.of("auditor"))) {
      assertThat(flows.callsAuditorsOnlyStep()).isEqualTo("ann/[auditor]/auditor");
      assertThat(DBOS.runStep("outside", IdentityTest::identity)).isEqualTo("ann/[auditor]/null");
    }
  }

  @Test
  void requiredRolesOnAMethodThatIsNotDurableIsARegistrationError() {
    DBOS.configure(db.config().build());
    assertThatThrownBy(() -> DBOS.register(Misdeclared.class, new MisdeclaredImpl()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain")
        .hasMessageContaining("@RequiredRoles");
  }

  @Test
  void theRequestIsSeenInsideItsScopeAndRecordedWithItsWorkflows() throws Exception {
    Flows flows = launch(Gate.opened());
    DBOSRequest request = request("t-1");
    assertThat(request.headers().get("x-TRACE")).containsExactly("t-1");
    try (var scope = new RequestScope(request)) {
      assertThat(DBOS.request()).isSameAs(request);
      try (var id = new SetWorkflowID("in-request")) {
        assertThat(flows.child())
            .isEqualTo("null/[]/null POST http://shop.example:8080/app/orders/42?q=a&q=b t-1");
      }
    }
    assertThat(DBOS.request()).isNull();
    assertThat(DBOSContext.current()).isNull();
    assertThat(
            tables.string(
                "SELECT request FROM dbos.workflow_status WHERE workflow_uuid = ?", "in-request"))
        .contains("\"method\":\"POST\"")
        .contains("10.1.2.3");
  }

  @Test
  void recoveryRestoresTheIdentityAndTheRequest() throws Exception {
    Gate gate = new Gate(1);
    Flows flows = launch(gate);
    DBOSRequest request = request("t-2");
    try (var scope = new RequestScope(request);
        var auth = new DBOSContextSetAuth("alice", List.of("user", "auditor"))) {
      DBOS.startWorkflow(
          flows::recoverable, StartWorkflowOptions.builder().workflowId("recovered").build());
    }
    gate.awaitArrivals();
    DBOS.shutdown();
    assertThat(tables.status("recovered")).isEqualTo("PENDING");

    launch(Gate.opened()); // no identity, no request here: recovery restores the recorded ones
    String before =
        "alice/[user, auditor]/auditor POST http://shop.example:8080/app/orders/42?q=a&q=b t-2";
    assertThat(DBOS.<String>retrieveWorkflow("recovered").getResult())
        .isEqualTo(before + " | " + before + " | " + before);

    WorkflowStatus status = DBOS.retrieveWorkflow("recovered").getStatus();
    assertThat(status.recoveryAttempts()).isEqualTo(2);
    assertThat(status.authenticatedRoles()).containsExactly("user", "auditor");
    assertThat(status.assumedRole()).isEqualTo("auditor");
  }

  @Test
  void theRequestSurvivesItsJsonRoundTrip() throws Exception {
    Flows flows = launch(Gate.opened());
    DBOSRequest request = request("t-3");
    // a workflow recovered from its row reads the request back from JSON
    try (var scope = new RequestScope(request)) {
      DBOS.startWorkflow(flows::child, StartWorkflowOptions.builder().workflowId("json").build())
          .getResult();
    }
    DBOSRequest read =
        CallerCodec.readRequest(
            tables.string(
                "SELECT request FROM dbos.workflow_status WHERE workflow_uuid = ?", "json"));
    assertThat(read).isEqualTo(request);
    assertThat(read.client().getAddress().getHostAddress()).isEqualTo("10.1.2.3");
  }

  private static final String RECORDED_IDENTITY =
      "SELECT authenticated_user || '|' || COALESCE(authenticated_roles, 'null') || '|'"
          + " || COALESCE(assumed_role, 'null') FROM dbos.workflow_status";

  /** {@code user|roles JSON|assumed role} as recorded. */
  private String recordedIdentity(String workflowId) throws Exception {
    return tables.string(RECORDED_IDENTITY + " WHERE workflow_uuid = ?", workflowId);
  }

  private List<String> childrenIdentities(String parentId) throws Exception {
    List<String> all = new ArrayList<>();
    try (var c = tables.connect();
        var ps = c.prepareStatement(RECORDED_IDENTITY + " WHERE parent_workflow_id = ?")) {
      ps.setString(1, parentId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          all.add(rs.getString(1));
        }
      }
    }
    return all;
  }
}
