package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.crash.IdentityCrashWorker.AFTER;
import static org.dbos4j.crash.IdentityCrashWorker.ASSUMED_ROLE;
import static org.dbos4j.crash.IdentityCrashWorker.BEFORE;
import static org.dbos4j.crash.IdentityCrashWorker.CHILD;
import static org.dbos4j.crash.IdentityCrashWorker.ROLES;
import static org.dbos4j.crash.IdentityCrashWorker.WAITING;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
import org.dbos4j.internal.serialize.CallerCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM with SIGKILL while workflows started by an authenticated user in an HTTP
 * request wait after their first step, restarts it, and checks from the steps' own lines that the
 * recovered workflows, and the children they start, see the same user, roles, assumed role and
 * request as before the kill; and from {@code workflow_status} that the identity and request were
 * recorded with the start.
 */
@BothBackends
class IdentityCrashTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int WORKFLOWS = 5;

  private final SystemTables tables = new SystemTables(db);

  /** Kept when a test fails: the children's log and outputs tell what happened. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  /** A workflow's row of {@code workflow_status}, with what it recorded of its caller. */
  private record Row(
      String workflowId,
      String status,
      @Nullable String user,
      @Nullable String assumedRole,
      @Nullable String roles,
      @Nullable String request) {}

  @Test
  void recoveredWorkflowsAndTheirChildrenSeeTheIdentityAndRequestOfTheirStart() throws Exception {
    Path log = dir.resolve("seen.log");
    List<String> waiting = new ArrayList<>();
    for (int i = 1; i <= WORKFLOWS; i++) {
      waiting.add(WAITING + " " + IdentityCrashWorker.workflowId(i));
    }

    Process first = start("start", log);
    ChildJvm.awaitLines(log, waiting, first);
    ChildJvm.kill(first);
    for (int i = 1; i <= WORKFLOWS; i++) {
      String id = IdentityCrashWorker.workflowId(i);
      assertThat(tables.status(id)).as(id).isEqualTo("PENDING");
      assertThat(linesOf(Files.readAllLines(log), id))
          .as("lines of %s before the kill", id)
          .containsExactly(line(BEFORE, i), WAITING + " " + id);
    }

    Process second = start("recover", log);
    ChildJvm.awaitExit(second, ChildJvm.BOUND, output("recover"));

    String output = Files.readString(output("recover"));
    List<String> lines = Files.readAllLines(log);
    for (int i = 1; i <= WORKFLOWS; i++) {
      String id = IdentityCrashWorker.workflowId(i);
      assertThat(output).contains("RESULT " + id + " ").contains(" audited " + id);
      // The first step ran once, before the kill; the workflow replayed to its wait.
      assertThat(linesOf(lines, id))
          .as("lines of %s", id)
          .containsExactly(
              line(BEFORE, i),
              WAITING + " " + id,
              WAITING + " " + id,
              line(AFTER, i),
              line(CHILD, i));
      List<Row> rows = rowsOf(id);
      assertThat(rows).as("%s and its child", id).hasSize(2);
      for (Row row : rows) {
        assertThat(row.status()).as(row.workflowId()).isEqualTo("SUCCESS");
        assertThat(row.user()).as(row.workflowId()).isEqualTo(IdentityCrashWorker.user(i));
        assertThat(row.assumedRole()).as(row.workflowId()).isEqualTo(ASSUMED_ROLE);
        assertThat(new ObjectMapper().readValue(row.roles(), new TypeReference<List<String>>() {}))
            .as("authenticated_roles of %s, a JSON list", row.workflowId())
            .isEqualTo(ROLES);
        assertThat(CallerCodec.readRequest(row.request()))
            .as("request of %s", row.workflowId())
            .isEqualTo(IdentityCrashWorker.request(i));
      }
    }
    assertThat(tables.workflowRows()).isEqualTo(2L * WORKFLOWS);
  }

  /**
   * The line that {@code label}'s step of workflow {@code i} writes if it sees its start's caller.
   */
  private static String line(String label, int i) {
    return label
        + " "
        + IdentityCrashWorker.workflowId(i)
        + " "
        + IdentityCrashWorker.seen(
            IdentityCrashWorker.user(i), ROLES, ASSUMED_ROLE, IdentityCrashWorker.request(i));
  }

  /** The lines of the log about workflow {@code workflowId}, in order. */
  private static List<String> linesOf(List<String> lines, String workflowId) {
    return lines.stream().filter(l -> l.split(" ", 3)[1].equals(workflowId)).toList();
  }

  /** The rows of workflow {@code workflowId} and of its children. */
  private List<Row> rowsOf(String workflowId) throws Exception {
    try (Connection c = tables.connect();
        PreparedStatement ps =
            c.prepareStatement(
                """
                SELECT workflow_uuid, status, authenticated_user, assumed_role,
                  authenticated_roles, request
                FROM dbos.workflow_status WHERE workflow_uuid = ? OR parent_workflow_id = ?
                ORDER BY created_at""")) {
      ps.setString(1, workflowId);
      ps.setString(2, workflowId);
      try (ResultSet rs = ps.executeQuery()) {
        List<Row> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
        return rows;
      }
    }
  }

  private Process start(String mode, Path log) throws Exception {
    return ChildJvm.start(
        IdentityCrashWorker.class,
        ProcessBuilder.Redirect.to(output(mode).toFile()),
        List.of(
            mode,
            db.url(),
            TestPostgres.user(),
            TestPostgres.password(),
            log.toString(),
            String.valueOf(WORKFLOWS)));
  }

  /** Where the output of the child JVM of {@code mode} goes. */
  private Path output(String mode) {
    return dir.resolve(mode + ".out");
  }
}
