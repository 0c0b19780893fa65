package org.dbos4j.internal.execution;

import com.fasterxml.jackson.databind.JavaType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSUnexpectedStepException;
import org.dbos4j.Isolation;
import org.dbos4j.internal.appdb.ApplicationDatabase;
import org.dbos4j.internal.appdb.OpenTransaction;
import org.dbos4j.internal.appdb.TransactionOutputs;
import org.dbos4j.internal.context.ContextScope;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.registry.RegisteredTransaction;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.OperationCheckpoint;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.dbos4j.internal.time.CancelToken;
import org.dbos4j.internal.time.TimeSource;
import org.dbos4j.internal.tracing.Tracing;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code @Transaction} methods on the application database.
 *
 * <p>Inside a workflow a transaction takes the next step position, and its outcome is written to
 * {@code transaction_outputs} in the transaction itself, so the method's SQL and its checkpoint
 * commit together or not at all. On PostgreSQL that write and the commit travel in one round trip:
 * a transaction whose method runs one statement costs two, as it would without dbos4j. The step's
 * record in the system database follows later, off the workflow's path ({@link
 * DeferredCheckpoints}). A replay finds the outcome in the system database, or, if the process died
 * before that record was written, in {@code transaction_outputs}: an execution that may follow
 * another (a recovery, a rerun after a conflict) looks there first, in a short transaction of its
 * own, and a first execution needs no look, since the table's key would stop a second writer
 * anyway.
 *
 * <p>A transaction that fails for a conflict with a concurrent one (serialization failure,
 * deadlock, busy SQLite file) rolls back and runs again after a short random pause, up to {@link
 * #MAX_ATTEMPTS} times. Any other exception rolls back and is recorded in a transaction of its own,
 * then rethrown. Outside a workflow, or inside a step, a transaction runs the same way but records
 * nothing.
 */
public final class TransactionRunner {
  /** Attempts of a transaction that keeps failing for conflicts, before the conflict is thrown. */
  static final int MAX_ATTEMPTS = 20;

  private static final long FIRST_PAUSE_MILLIS = 2;
  private static final long MAX_PAUSE_MILLIS = 1_000;

  /** How deep causes are searched for the SQL exception that says what a failure was. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private final @Nullable ApplicationDatabase database;
  private final DeferredCheckpoints checkpoints;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final TimeSource time;
  private final Tracing tracing;
  private volatile boolean closed;

  /**
   * @param database null if none is configured: then calling a transaction fails
   * @param checkpoints where the system database's records of committed transactions wait
   */
  public TransactionRunner(
      @Nullable ApplicationDatabase database,
      DeferredCheckpoints checkpoints,
      JsonCodec codec,
      ErrorCodec errors,
      TimeSource time,
      Tracing tracing) {
    this.database = database;
    this.checkpoints = checkpoints;
    this.codec = codec;
    this.errors = errors;
    this.time = time;
    this.tracing = tracing;
  }

  /** Stops recording failures: called by {@code shutdown} before it interrupts workflows. */
  public void close() {
    closed = true;
  }

  /** Runs {@code txn} with {@code args} where the caller is; returns or rethrows its outcome. */
  public @Nullable Object run(RegisteredTransaction txn, Object[] args) throws Throwable {
    DBOSContext ctx = DBOSContext.current();
    if (ctx != null && ctx.sqlSession() != null) {
      throw new DBOSException(
          "Cannot call transaction '"
              + txn.name()
              + "' inside "
              + ctx.stepDescription()
              + ": a transaction may not call another; call both from the workflow");
    }
    ApplicationDatabase db = database;
    if (db == null) {
      throw new DBOSException(
          "Cannot run transaction '"
              + txn.name()
              + "': no application database is configured; set DBOSConfig.Builder.databaseUrl"
              + " or dataSource");
    }
    WorkflowFrame wf = ctx == null ? null : ctx.workflow();
    if (ctx == null || wf == null || ctx.stepName() != null) {
      try (ContextScope scope = ContextScope.open()) {
        return outcome(runAttempts(db, txn, args, scope.context(), null, false));
      }
    }
    int functionId = wf.nextFunctionId();
    RecordedOperation recorded = wf.recordedAs(functionId, txn.name());
    if (recorded != null) {
      return replay(recorded, txn.returnType());
    }
    return Tracing.within(
        tracing.stepSpan("transaction", txn.name(), functionId, wf.workflowId(), wf.workflowName()),
        () -> runRecorded(db, txn, args, ctx, wf, functionId));
  }

  /** Runs the transaction at {@code functionId} of {@code wf} and records its outcome. */
  private @Nullable Object runRecorded(
      ApplicationDatabase db,
      RegisteredTransaction txn,
      Object[] args,
      DBOSContext ctx,
      WorkflowFrame wf,
      int functionId)
      throws Throwable {
    Checkpoint at = new Checkpoint(wf, functionId, time.millis());
    Attempt last = runAttempts(db, txn, args, ctx, at, !wf.firstExecution());
    if (last instanceof Failed failed && isOutcome(failed.failure())) {
      last = recordFailure(db, txn, at, failed.failure());
    }
    if (last instanceof Recorded r) {
      checkRecordedName(at, r.operation(), txn.name());
      recordInSystemDatabase(at, txn.name(), r.operation().output(), r.operation().error());
      return replay(r.operation(), txn.returnType());
    }
    return outcome(last);
  }

  /** Where a transaction of a workflow records its outcome. */
  private record Checkpoint(WorkflowFrame workflow, int functionId, long startedAt) {
    String workflowId() {
      return workflow.workflowId();
    }
  }

  /** How an attempt, or all of them, ended. */
  private sealed interface Attempt permits Committed, Failed, Recorded, Conflicted {}

  /** The transaction committed with this result (and, in a workflow, its checkpoint). */
  private record Committed(@Nullable Object result) implements Attempt {}

  /** The method threw, or the transaction could not commit; rolled back. */
  private record Failed(Throwable failure) implements Attempt {}

  /** Another execution recorded this position: its outcome is the transaction's. */
  private record Recorded(RecordedOperation operation) implements Attempt {}

  /** A conflict with a concurrent transaction rolled it back: it may run again. */
  private record Conflicted(Throwable conflict) implements Attempt {}

  private Attempt runAttempts(
      ApplicationDatabase db,
      RegisteredTransaction txn,
      Object[] args,
      DBOSContext ctx,
      @Nullable Checkpoint at,
      boolean lookFirst)
      throws Throwable {
    CancelToken cancel = at == null ? null : at.workflow().cancelToken();
    boolean look = lookFirst;
    for (int attempt = 1; ; attempt++) {
      Attempt a = attempt(db, txn, args, ctx, at, look);
      if (!(a instanceof Conflicted c)) {
        return a;
      }
      if (attempt == MAX_ATTEMPTS) {
        return new Failed(c.conflict());
      }
      // After a conflict, another execution of this position may have committed.
      look = true;
      time.sleepFor(pauseAfter(attempt), cancel, new ConflictPause(txn.name(), attempt));
    }
  }

  /** One attempt: look (if asked), begin, run the method, commit with the outcome. */
  private Attempt attempt(
      ApplicationDatabase db,
      RegisteredTransaction txn,
      Object[] args,
      DBOSContext ctx,
      @Nullable Checkpoint at,
      boolean look)
      throws Throwable {
    TransactionOutputs outputs = db.outputs();
    if (at != null && look) {
      // Outside the method's transaction: read there, the key would make a serializable
      // transaction conflict with every concurrent one that records near it.
      try {
        RecordedOperation earlier = db.findOutcome(at.workflowId(), at.functionId());
        if (earlier != null) {
          return new Recorded(earlier);
        }
      } catch (SQLException e) {
        return db.isSerializationFailure(e) ? new Conflicted(e) : new Failed(e);
      }
    }
    try (OpenTransaction tx = db.begin(txn.isolation())) {
      Object result;
      try {
        result = invokeInSession(ctx, tx, txn, args, at == null ? 0 : at.functionId());
      } catch (Throwable failure) {
        tx.rollback();
        return serializationFailureIn(db, failure) ? new Conflicted(failure) : new Failed(failure);
      }
      if (at == null) {
        tx.commit();
        return new Committed(result);
      }
      String output = codec.write(result, txn.returnType());
      outputs.recordAndCommit(
          tx, at.workflowId(), at.functionId(), txn.name(), output, null, time.millis());
      recordInSystemDatabase(at, txn.name(), output, null);
      return new Committed(result);
    } catch (SQLException e) {
      if (at != null && outputs.isRecordedElsewhere(e)) {
        return recordedElsewhere(db, at);
      }
      if (db.isSerializationFailure(e)) {
        return new Conflicted(e);
      }
      return new Failed(e);
    }
  }

  private @Nullable Object invokeInSession(
      DBOSContext ctx, OpenTransaction tx, RegisteredTransaction txn, Object[] args, int functionId)
      throws Throwable {
    String outerStep = ctx.stepName();
    int outerFunctionId = ctx.stepFunctionId();
    ctx.setStep(txn.name(), functionId);
    ctx.setSqlSession(tx.sqlSession(txn.name()));
    try {
      return txn.invoke(args);
    } finally {
      ctx.setSqlSession(null);
      ctx.setStep(outerStep, outerFunctionId);
    }
  }

  /**
   * Records a failure as the transaction's outcome, in a transaction of its own.
   *
   * @return the failure, or what another execution recorded first
   */
  private Attempt recordFailure(
      ApplicationDatabase db, RegisteredTransaction txn, Checkpoint at, Throwable failure) {
    String error = errors.write(failure);
    try (OpenTransaction tx = db.begin(Isolation.SERIALIZABLE)) {
      db.outputs()
          .recordAndCommit(
              tx, at.workflowId(), at.functionId(), txn.name(), null, error, time.millis());
    } catch (SQLException e) {
      if (db.outputs().isRecordedElsewhere(e)) {
        return recordedElsewhere(db, at);
      }
      failure.addSuppressed(e);
      return new Failed(failure);
    }
    recordInSystemDatabase(at, txn.name(), null, error);
    return new Failed(failure);
  }

  /** Reads what another execution recorded at the position, in a transaction of its own. */
  private Attempt recordedElsewhere(ApplicationDatabase db, Checkpoint at) {
    try {
      RecordedOperation winner = db.findOutcome(at.workflowId(), at.functionId());
      if (winner == null) {
        return new Failed(
            new DBOSException(
                "Transaction at step "
                    + at.functionId()
                    + " of workflow "
                    + at.workflowId()
                    + " was recorded by another execution, and then not found"));
      }
      return new Recorded(winner);
    } catch (SQLException e) {
      return new Failed(e);
    }
  }

  /**
   * Records the committed transaction in the system database too, later and off the workflow's path
   * (see {@link DeferredCheckpoints}): the record in {@code transaction_outputs} is the one that
   * counts, this one lets replays and listings read the workflow's steps in one place.
   */
  private void recordInSystemDatabase(
      Checkpoint at, String name, @Nullable String output, @Nullable String error) {
    checkpoints.defer(
        at.workflow(),
        new OperationCheckpoint(
            at.workflowId(), at.functionId(), name, output, error, at.startedAt(), time.millis()));
  }

  private static void checkRecordedName(Checkpoint at, RecordedOperation recorded, String name) {
    if (!recorded.functionName().equals(name)) {
      throw new DBOSUnexpectedStepException(
          at.workflowId(), at.functionId(), recorded.functionName(), name);
    }
  }

  /**
   * Whether a failure is the transaction's outcome, to record: not when DBOS shuts down (the
   * failure was most likely the shutdown's doing), nor a failure to reach a database, which says
   * nothing of what the transaction would do.
   */
  private boolean isOutcome(Throwable failure) {
    return !closed
        && !(failure instanceof Error)
        && !(failure instanceof SystemDatabaseException)
        && !hasSqlCause(failure, e -> e.getSQLState() != null && e.getSQLState().startsWith("08"));
  }

  private static boolean serializationFailureIn(ApplicationDatabase db, Throwable failure) {
    return hasSqlCause(failure, db::isSerializationFailure);
  }

  /** Whether {@code failure} or one of its causes is an SQL exception that {@code test} accepts. */
  private static boolean hasSqlCause(Throwable failure, Predicate<SQLException> test) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLException e && test.test(e)) {
        return true;
      }
    }
    return false;
  }

  /** A random pause in the upper half of a doubling interval, so that rivals drift apart. */
  private static Duration pauseAfter(int attempt) {
    long ceiling = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempt - 1, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  private static @Nullable Object outcome(Attempt a) throws Throwable {
    if (a instanceof Committed c) {
      return c.result();
    }
    if (a instanceof Failed f) {
      throw f.failure();
    }
    throw new IllegalStateException("unexpected outcome " + a);
  }

  private @Nullable Object replay(RecordedOperation recorded, JavaType type) throws Throwable {
    return StepRunner.recordedOutcome(recorded, type, codec, errors);
  }

  /** What a thread pausing after a conflict waits for, as thread dumps and errors show it. */
  private record ConflictPause(String transaction, int attempt) {
    @Override
    public String toString() {
      return "the rerun of transaction '" + transaction + "' after conflict " + attempt;
    }
  }
}
