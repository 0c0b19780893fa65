package org.dbos4j.internal.sysdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes grouped into one transaction: each caller gets its own result once the shared commit is
 * done, and a write that fails fails alone, the others of its batch committed without it.
 */
@BothBackends
class GroupCommitTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int LINED_UP = 8;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private SystemDatabase sysdb;

  @BeforeEach
  void open() {
    sysdb =
        SystemDatabase.open(
            db.url(), TestPostgres.user(), TestPostgres.password(), 10, Duration.ofMinutes(1));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    sysdb.close();
  }

  @Test
  void writesQueuedBehindOthersCommitTogetherAndEachReturnsItsOwnResult() throws Exception {
    List<Future<String>> lined = lineUpBatch(List.of());

    for (int i = 0; i < LINED_UP; i++) {
      assertThat(lined.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("row-" + i);
      assertThat(runs.get("row-" + i))
          .as("row-%d ran once, in the shared transaction", i)
          .hasValue(1);
    }
    assertThat(rows()).isEqualTo(LINED_UP + 1 + sysdb.groupCommit().flusherCount());
  }

  @Test
  void aFailingWriteInASharedTransactionFailsAloneAndTheOthersCommit() throws Exception {
    insert("taken");
    List<Future<String>> lined = lineUpBatch(List.of("taken"));

    Future<String> duplicate = lined.get(LINED_UP);
    assertThat(duplicate)
        .failsWithin(30, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(SQLException.class);
    for (int i = 0; i < LINED_UP; i++) {
      assertThat(lined.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("row-" + i);
      assertThat(runs.get("row-" + i))
          .as("row-%d ran in the failed shared transaction, then alone", i)
          .hasValue(2);
    }
    assertThat(rows())
        .as("the lined-up rows, the blockers and 'taken'")
        .isEqualTo(LINED_UP + 2 + sysdb.groupCommit().flusherCount());
  }

  @Test
  void updatesSharingAStatementRunAsOneJdbcBatchAndEachGetsItsCount() throws Exception {
    List<Future<String>> lined = lineUpBatch(List.of("row-0", "row-1", "row-2"), this::batchable);

    for (int i = 0; i < 3; i++) {
      assertThat(lined.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("row-" + i + " inserted 1");
      assertThat(runs.get("row-" + i)).as("row-%d never ran by itself", i).isNull();
    }
    assertThat(rows()).isEqualTo(3 + 1 + sysdb.groupCommit().flusherCount());
  }

  @Test
  void aFailingUpdateOfAJdbcBatchFailsAloneAndTheOthersCommit() throws Exception {
    insert("taken");
    List<Future<String>> lined = lineUpBatch(List.of("row-0", "taken", "row-1"), this::batchable);

    assertThat(lined.get(1))
        .failsWithin(30, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(SQLException.class);
    for (int i = 0; i < 2; i++) {
      assertThat(lined.get(i == 0 ? 0 : 2).get(30, TimeUnit.SECONDS))
          .isEqualTo("row-" + i + " inserted 1");
      assertThat(runs.get("row-" + i)).as("row-%d ran again by itself", i).hasValue(1);
    }
    assertThat(rows()).isEqualTo(2 + 2 + sysdb.groupCommit().flusherCount());
  }

  /** An insert of {@code id} as a batchable update; its runs by itself are counted. */
  private SqlWork<String> batchable(String id) {
    BatchableUpdate<Integer> insert =
        BatchableUpdate.of(
            "INSERT INTO dbos.workflow_status (workflow_uuid, status, created_at, updated_at)"
                + " VALUES (?, 'SUCCESS', 0, 0)",
            id);
    return insert.withResult(
        count -> id + " inserted " + count,
        c -> {
          runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
          return id + " inserted " + BatchableUpdate.of(insert.sql(), id).run(c);
        });
  }

  @Test
  void manyConcurrentWritersAllCommit() throws Exception {
    List<Future<String>> writes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String id = "many-" + i;
      writes.add(threads.submit(() -> sysdb.write(c -> insert(c, id))));
    }
    for (Future<String> w : writes) {
      w.get(60, TimeUnit.SECONDS);
    }
    assertThat(rows()).isEqualTo(200);
  }

  /**
   * Lines up {@link #LINED_UP} writes (then {@code extra} ones) in the queue so that they form one
   * batch: first a write that runs alone and holds the writers' permit, then one blocker taken by
   * each flusher (which on PostgreSQL runs and waits, and on SQLite, with its single writer, waits
   * for the permit), all held by a latch that opens once every lined-up write is queued.
   */
  private List<Future<String>> lineUpBatch(List<String> extra) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < LINED_UP; i++) {
      ids.add("row-" + i);
    }
    ids.addAll(extra);
    return lineUpBatch(ids, id -> c -> insert(c, id));
  }

  /** Lines up the writes {@code write} makes for {@code ids}, as {@link #lineUpBatch(List)}. */
  private List<Future<String>> lineUpBatch(
      List<String> ids, java.util.function.Function<String, SqlWork<String>> write)
      throws Exception {
    // One latch for the write running alone and the first flusher's blocker, one for the other
    // flushers' blockers: once the first opens, a single flusher is free to take the whole queue.
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch rest = new CountDownLatch(1);
    CountDownLatch aloneRunning = new CountDownLatch(1);
    List<Future<String>> blockers = new ArrayList<>();
    blockers.add(
        threads.submit(
            () ->
                sysdb.write(
                    c -> {
                      aloneRunning.countDown();
                      awaitUninterruptibly(first);
                      return insert(c, "blocker-alone");
                    })));
    assertThat(aloneRunning.await(30, TimeUnit.SECONDS)).isTrue();
    GroupCommit writes = sysdb.groupCommit();
    for (int i = 0; i < writes.flusherCount(); i++) {
      String id = "blocker-" + i;
      CountDownLatch hold = i == 0 ? first : rest;
      blockers.add(
          threads.submit(
              () ->
                  sysdb.write(
                      c -> {
                        awaitUninterruptibly(hold);
                        return insert(c, id);
                      })));
      awaitTaken(writes, i + 1);
    }
    List<Future<String>> lined = new ArrayList<>();
    for (String id : ids) {
      lined.add(threads.submit(() -> sysdb.write(write.apply(id))));
      // One at a time, so the batch runs them in the order given.
      awaitQueued(writes, lined.size());
    }
    first.countDown();
    awaitTaken(writes, writes.flusherCount() + ids.size());
    rest.countDown();
    for (Future<String> b : blockers) {
      b.get(30, TimeUnit.SECONDS);
    }
    return lined;
  }

  /** Waits until flushers have taken {@code n} queued writes. */
  private static void awaitTaken(GroupCommit writes, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (writes.takenWrites() != n) {
      assertThat(System.nanoTime()).as("%d writes taken", n).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Waits until exactly {@code n} writes are queued (a flusher takes them as they come). */
  private static void awaitQueued(GroupCommit writes, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (writes.queuedWrites() != n) {
      assertThat(System.nanoTime()).as("%d writes queued", n).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String insert(java.sql.Connection c, String id) throws SQLException {
    runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO dbos.workflow_status (workflow_uuid, status, created_at, updated_at)"
                + " VALUES (?, 'SUCCESS', 0, 0)")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    return id;
  }

  private void insert(String id) throws SQLException {
    sysdb.write(c -> insert(c, id));
  }

  private long rows() throws SQLException {
    return sysdb.read(
        c -> {
          try (var st = c.createStatement();
              var rs = st.executeQuery("SELECT count(*) FROM dbos.workflow_status")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
