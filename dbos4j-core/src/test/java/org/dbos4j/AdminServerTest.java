package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin HTTP server over real HTTP: where it listens, the health check, the bearer token, and
 * the refusals every endpoint shares (400 naming the field, 404, 405 with the allowed method, 413).
 */
@BothBackends
class AdminServerTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private AdminApp app;

  @Test
  void listensOnlyOn127001ByDefaultAndAnswersTheHealthCheck() throws Exception {
    app = AdminApp.launch(db);
    InetSocketAddress bound = Lifecycle.INSTANCE.adminAddress();

    assertThat(bound).isNotNull();
    assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    AdminHttp.Reply health = app.http.get("/dbos-healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().toString()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(health.header("Content-Type")).startsWith("application/json");
    for (InetAddress other : otherAddressesOfThisMachine()) {
      assertThatThrownBy(() -> connect(other, bound.getPort()))
          .as("connecting through %s", other)
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void itsThreadsNeverKeepTheJvmAlive() throws Exception {
    app = AdminApp.launch(db);
    assertThat(app.http.get("/dbos-healthz").status()).isEqualTo(200);

    List<Thread> serverThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("HTTP-") || t.getName().startsWith("dbos4j-admin"))
            .toList();

    assertThat(serverThreads).extracting(Thread::getName).anyMatch(n -> n.startsWith("HTTP-"));
    assertThat(serverThreads).allMatch(Thread::isDaemon, "is a daemon thread");
  }

  @Test
  void adminHostChangesWhereItListens() throws Exception {
    app = AdminApp.launch(db, Gate.opened(), c -> c.adminHost("0.0.0.0"));

    assertThat(Lifecycle.INSTANCE.adminAddress().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(app.http.get("/dbos-healthz").status()).isEqualTo(200);
  }

  @Test
  void aTakenPortFailsTheLaunchNamingTheAddress() throws Exception {
    app = AdminApp.launch(db);
    int taken = Lifecycle.INSTANCE.adminAddress().getPort();
    DBOS.shutdown();
    try (java.net.ServerSocket occupant =
        new java.net.ServerSocket(taken, 1, InetAddress.getByName("127.0.0.1"))) {
      DBOS.configure(db.config().adminPort(taken).build());
      assertThatThrownBy(DBOS::launch)
          .isInstanceOf(DBOSException.class)
          .hasMessageContaining("admin server")
          .hasMessageContaining("127.0.0.1:" + taken);
    }
  }

  @Test
  void unknownPathsAre404AndWrongMethods405WithTheAllowedOne() throws Exception {
    app = AdminApp.launch(db);

    for (String path : List.of("/", "/nope", "/workflows/a/b/c", "/workflows//cancel", "/x/y")) {
      AdminHttp.Reply r = app.http.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.json().get("error").asText()).as(path).contains("no such endpoint");
    }
    assertMethodNotAllowed("POST", "/dbos-healthz", "GET");
    assertMethodNotAllowed("GET", "/dbos-workflow-recovery", "POST");
    assertMethodNotAllowed("GET", "/workflows/x/cancel", "POST");
    assertMethodNotAllowed("PUT", "/workflows/x/resume", "POST");
    assertMethodNotAllowed("DELETE", "/workflows/x", "GET");
  }

  private void assertMethodNotAllowed(String method, String path, String allowed) throws Exception {
    AdminHttp.Reply r = app.http.send(method, path, null);
    assertThat(r.status()).as(method + " " + path).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo(allowed);
    assertThat(r.json().get("error").asText()).contains(method).contains(allowed);
  }

  @Test
  void badInputIs400NamingTheField() throws Exception {
    app = AdminApp.launch(db);

    AdminApp.assertBadRequest(app.http.get("/dbos-healthz?verbose=1"), "verbose");
    AdminApp.assertBadRequest(app.http.post("/dbos-workflow-recovery", ""), "JSON body");
    AdminApp.assertBadRequest(app.http.post("/dbos-workflow-recovery", "[\"a\""), "not valid JSON");
    AdminApp.assertBadRequest(
        app.http.post("/dbos-workflow-recovery", "{\"a\":1}"), "array of executor IDs");
    AdminApp.assertBadRequest(app.http.post("/dbos-workflow-recovery", "[\"a\", 7]"), "element 1");
    AdminApp.assertBadRequest(app.http.post("/dbos-workflow-recovery", "[\" \"]"), "element 0");
    AdminHttp.Reply large =
        app.http.post("/dbos-workflow-recovery", "[\"" + "x".repeat(70_000) + "\"]");
    assertThat(large.status()).isEqualTo(413);
  }

  @Test
  void aTokenGuardsEveryEndpointButTheHealthCheck() throws Exception {
    String token = "s3cret-T0ken";
    app = AdminApp.launch(db, Gate.opened(), c -> c.adminToken(token));
    int port = Lifecycle.INSTANCE.adminAddress().getPort();
    assertThat(DBOS.config().toString()).doesNotContain(token);

    for (String wrong : List.of("s3cret-T0keX", "s3cret", token + "-longer")) {
      assertUnauthorized(new AdminHttp("127.0.0.1", port, wrong).get("/workflows/x"));
    }
    assertUnauthorized(app.http.get("/workflows/x"));
    assertUnauthorized(app.http.post("/dbos-workflow-recovery", "[\"local\"]"));
    assertUnauthorized(app.http.get("/no-such-path"));
    assertThat(app.http.get("/dbos-healthz").status()).isEqualTo(200);
    assertThat(new AdminHttp("127.0.0.1", port, token).get("/workflows/x").status())
        .as("the right token passes (and the workflow is unknown)")
        .isEqualTo(404);
  }

  private static void assertUnauthorized(AdminHttp.Reply r) {
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(r.json().get("error").asText()).contains("Authorization: Bearer");
  }

  private static List<InetAddress> otherAddressesOfThisMachine() throws Exception {
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && ni.isUp()) {
          others.add(a);
        }
      }
    }
    return others;
  }

  private static void connect(InetAddress address, int port) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 5_000);
    }
  }
}
