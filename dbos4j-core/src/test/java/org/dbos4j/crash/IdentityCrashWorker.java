package org.dbos4j.crash;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSContextSetAuth;
import org.dbos4j.DBOSRequest;
import org.dbos4j.RequiredRoles;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.internal.context.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * The child JVM of the identity crash test, which kills it with SIGKILL while its workflows wait,
 * and starts it again.
 *
 * <p>Arguments: mode, system database URL, user, password, log file, number of workflows; by mode:
 *
 * <ul>
 *   <li>{@code start}: starts workflows {@code identity-1} to {@code identity-<count>} running
 *       {@code handle}, each as user {@code alice-<i>} with the roles {@link #ROLES} while handling
 *       {@link #request(int)}, then waits to be killed;
 *   <li>{@code recover}: launches, which recovers the workflows, sends each the message it waits
 *       for, and prints their results.
 * </ul>
 *
 * <p>The workflows write lines {@code <label> <parent workflow ID> <what they see>} to the log, as
 * {@link #seen} writes what they see.
 */
public final class IdentityCrashWorker {
  /** The roles each workflow's user holds: {@code handle} requires admin or auditor. */
  static final List<String> ROLES = List.of("user", "auditor");

  /** The role {@code handle}'s required roles make its callers assume. */
  static final String ASSUMED_ROLE = "auditor";

  /** Written by {@code handle}'s first step. */
  static final String BEFORE = "before";

  /**
   * Written by {@code handle} after its first step, before it waits: not a step, so written again
   * when the workflow replays.
   */
  static final String WAITING = "waiting";

  /** Written by {@code handle}'s second step, after the message came. */
  static final String AFTER = "after";

  /** Written by the step of the child workflow. */
  static final String CHILD = "child";

  private static final String RELEASE_TOPIC = "release";

  private IdentityCrashWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String logFile = args[4];
    int count = Integer.parseInt(args[5]);
    DBOS.configure(
        DBOSConfig.builder()
            .appName("identity-crash-test")
            .systemDatabaseUrl(args[1])
            .user(args[2])
            .password(args[3])
            .appVersion("identity-crash-test-version")
            .executorId("identity-crash-executor")
            .build());
    IdentityCrashChildren children = DBOS.register(IdentityCrashChildren.class, new Children());
    IdentityCrashWorkflows workflows =
        DBOS.register(IdentityCrashWorkflows.class, new Workflows(children));
    DBOS.launch();
    switch (mode) {
      case "start" -> {
        for (int i = 1; i <= count; i++) {
          start(workflows, logFile, i);
        }
        new CountDownLatch(1).await();
      }
      case "recover" -> {
        for (int i = 1; i <= count; i++) {
          DBOS.send(workflowId(i), "go", RELEASE_TOPIC);
        }
        for (int i = 1; i <= count; i++) {
          String id = workflowId(i);
          System.out.println("RESULT " + id + " " + DBOS.<String>retrieveWorkflow(id).getResult());
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    DBOS.shutdown();
  }

  /** Starts workflow {@code i} as an HTTP handler with an authenticated user would. */
  private static void start(IdentityCrashWorkflows workflows, String logFile, int i) {
    try (var auth = new DBOSContextSetAuth(user(i), ROLES);
        var request = new RequestScope(request(i))) {
      DBOS.startWorkflow(
          () -> workflows.handle(logFile),
          StartWorkflowOptions.builder().workflowId(workflowId(i)).build());
    }
  }

  static String workflowId(int i) {
    return "identity-" + i;
  }

  static String user(int i) {
    return "alice-" + i;
  }

  /** The request workflow {@code i} is started in: every field set, and set apart from the rest. */
  static DBOSRequest request(int i) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Accept", List.of("application/json"));
    headers.put("X-Request-Id", List.of("req-" + i));
    headers.put("X-Forwarded-For", List.of("198.51.100." + i, "10.0.0." + i));
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("page", List.of(String.valueOf(i)));
    query.put("tag", List.of("red", "blue"));
    return new DBOSRequest(
        headers,
        Map.of("order", "order-" + i),
        query,
        URI.create(
            "https://shop.example/app/orders/order-" + i + "?page=" + i + "&tag=red&tag=blue"),
        URI.create("https://shop.example/app"),
        new InetSocketAddress("203.0.113.7", 5000 + i), // an IP literal: no lookup
        Map.of("session", "session-" + i),
        "POST");
  }

  /** How a line of the log shows an identity and a request. */
  static String seen(
      @Nullable String user,
      List<String> roles,
      @Nullable String assumedRole,
      @Nullable DBOSRequest request) {
    return "user="
        + user
        + " roles="
        + roles
        + " assumedRole="
        + assumedRole
        + " request="
        + request;
  }

  /** What the running code sees of its caller, as a line of the log shows it. */
  private static String seenHere() {
    return seen(
        DBOS.authenticatedUser(), DBOS.authenticatedRoles(), DBOS.assumedRole(), DBOS.request());
  }

  private static void write(String logFile, String label, String parentId) {
    CrashWorker.appendLine(logFile, label + " " + parentId + " " + seenHere());
  }

  static final class Workflows implements IdentityCrashWorkflows {
    private final IdentityCrashChildren children;

    Workflows(IdentityCrashChildren children) {
      this.children = children;
    }

    @Workflow
    @RequiredRoles({"admin", "auditor"})
    @Override
    public String handle(String logFile) {
      String id = Objects.requireNonNull(DBOS.workflowId());
      DBOS.runStep("seen-before", () -> write(logFile, BEFORE, id));
      // The step's checkpoint is written before the step returns: from this line on, a kill does
      // not make the step run again.
      CrashWorker.appendLine(logFile, WAITING + " " + id);
      String go = DBOS.recv(RELEASE_TOPIC, Duration.ofMinutes(10));
      if (go == null) {
        throw new IllegalStateException(id + " waited for its message in vain");
      }
      DBOS.runStep("seen-after", () -> write(logFile, AFTER, id));
      WorkflowHandle<String> child = DBOS.startWorkflow(() -> children.audit(logFile, id));
      return child.workflowId() + " " + child.getResult();
    }
  }

  /** No required roles: the child runs with the identity its parent gives it. */
  static final class Children implements IdentityCrashChildren {
    @Workflow
    @Override
    public String audit(String logFile, String parentId) {
      DBOS.runStep("seen-by-child", () -> write(logFile, CHILD, parentId));
      return "audited " + parentId;
    }
  }
}
