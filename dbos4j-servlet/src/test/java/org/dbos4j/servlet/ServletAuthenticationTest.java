package org.dbos4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dbos4j.BothBackends;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSNotAuthorizedException;
import org.dbos4j.RequiredRoles;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.Step;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.Workflow;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The filter's authenticator through a real Jetty server: the identity it finds reaches the
 * workflows a request starts and is recorded with them, {@code RequiredRoles} refusals become 403,
 * and an authenticator that throws stops the request with 401.
 */
@BothBackends
class ServletAuthenticationTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> ROLES = new TypeReference<>() {};

  public interface IdentitySteps {
    String identity();
  }

  static final class IdentityStepsImpl implements IdentitySteps {
    @Step
    @Override
    public String identity() {
      return whoAmI();
    }
  }

  public interface Flows {
    String whoAmI();

    String adminTask();
  }

  static final class FlowsImpl implements Flows {
    private final IdentitySteps identity;

    FlowsImpl(IdentitySteps identity) {
      this.identity = identity;
    }

    /** The identity in the workflow, then in its step. */
    @Workflow
    @Override
    public String whoAmI() {
      return ServletAuthenticationTest.whoAmI() + " / " + identity.identity();
    }

    @Workflow
    @RequiredRoles({"admin", "ops"})
    @Override
    public String adminTask() {
      return ServletAuthenticationTest.whoAmI();
    }
  }

  static String whoAmI() {
    return DBOS.authenticatedUser() + " " + DBOS.authenticatedRoles() + " " + DBOS.assumedRole();
  }

  /**
   * The user of header {@code X-User} with the roles of {@code X-Roles} (comma-separated); none
   * without {@code X-User}; a refusal for user {@code intruder}.
   */
  private static @Nullable AuthenticatedUser fromHeaders(HttpServletRequest request) {
    String user = request.getHeader("X-User");
    if (user == null) {
      return null;
    }
    if (user.equals("intruder")) {
      throw new SecurityException("bad credentials");
    }
    String roles = request.getHeader("X-Roles");
    return new AuthenticatedUser(user, roles == null ? List.of() : Arrays.asList(roles.split(",")));
  }

  private final SystemTables tables = new SystemTables(db);
  private Flows flows;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    DBOS.configure(db.config().build());
    flows =
        DBOS.register(
            Flows.class,
            new FlowsImpl(DBOS.register(IdentitySteps.class, new IdentityStepsImpl())));
    DBOS.launch();
    server =
        TestServer.start(
            DBOSServletFilter.builder()
                .authenticator(ServletAuthenticationTest::fromHeaders)
                .build(),
            Map.of(
                "/whoami",
                request -> whoAmI() + " | " + DBOS.startWorkflow(() -> flows.whoAmI()).getResult(),
                "/admin",
                request -> {
                  try (var id = new SetWorkflowID("admin-task")) {
                    return DBOS.startWorkflow(() -> flows.adminTask()).getResult();
                  }
                },
                "/admin-wrapped",
                request -> {
                  try {
                    return flows.adminTask();
                  } catch (DBOSNotAuthorizedException e) {
                    throw new ServletException("refused", e);
                  }
                }));
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theAuthenticatedIdentityReachesTheWorkflowAndIsRecorded() throws Exception {
    HttpResponse<String> response =
        server.get(
            "/whoami",
            DBOSServletFilter.IDEMPOTENCY_KEY_HEADER,
            "who-1",
            "X-User",
            "alice",
            "X-Roles",
            "user,admin");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "alice [user, admin] null | alice [user, admin] null / alice [user, admin] null");
    assertThat(
            tables.string(
                "SELECT authenticated_user FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "who-1"))
        .isEqualTo("alice");
    assertThat(
            JSON.readValue(
                tables.string(
                    "SELECT authenticated_roles FROM dbos.workflow_status WHERE workflow_uuid = ?",
                    "who-1"),
                ROLES))
        .containsExactly("user", "admin");
    assertThat(
            tables.string(
                "SELECT assumed_role FROM dbos.workflow_status WHERE workflow_uuid = ?", "who-1"))
        .isNull();
  }

  @Test
  void anAnonymousRequestHasNoIdentityAndNoneCarriesOverFromTheLastRequest() throws Exception {
    server.get("/whoami", "X-User", "alice", "X-Roles", "admin");

    assertThat(server.get("/whoami").body())
        .isEqualTo("null [] null | null [] null / null [] null");
    // TestServer.close() checks that no request left a context on its thread
  }

  @Test
  void aRequiredRoleTheUserLacksAnswers403AndRecordsNothing() throws Exception {
    HttpResponse<String> refused = server.get("/admin", "X-User", "bob", "X-Roles", "user");
    HttpResponse<String> anonymous = server.get("/admin");
    HttpResponse<String> wrapped = server.get("/admin-wrapped", "X-User", "bob", "X-Roles", "user");

    for (HttpResponse<String> response : List.of(refused, anonymous, wrapped)) {
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).isEqualTo("Forbidden\n");
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }
    assertThat(tables.workflowRows()).isZero();
  }

  @Test
  void withARequiredRoleTheWorkflowAssumesTheFirstRequiredRoleTheUserHolds() throws Exception {
    HttpResponse<String> response =
        server.get("/admin", "X-User", "carol", "X-Roles", "user,ops,admin");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("carol [user, ops, admin] admin");
    assertThat(
            tables.string(
                "SELECT assumed_role FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "admin-task"))
        .isEqualTo("admin");

    assertThat(server.get("/admin-wrapped", "X-User", "dave", "X-Roles", "ops").body())
        .isEqualTo("dave [ops] ops");
  }

  @Test
  void anAuthenticatorThatThrowsAnswers401AndTheRequestGoesNoFurther() throws Exception {
    HttpResponse<String> response = server.get("/whoami", "X-User", "intruder");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("Unauthorized\n");
    assertThat(server.handled()).isZero();
    assertThat(tables.workflowRows()).isZero();
  }
}
