package org.dbos4j.internal.sysdb;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rides out outages of the system database: a statement that fails because the database cannot be
 * reached (connection lost or refused, server shutting down or starting: SQLSTATE class 08 and
 * 57P01–57P03) is run again, with growing pauses, until the database answers or the outage has
 * lasted the configured limit. A statement the database refuses (a constraint, a bad value) fails
 * at once.
 *
 * <p>An outage is logged when it begins and when it ends, not once per statement. The pauses are
 * real time, not the runtime's time source: they wait for the world outside, which a test clock
 * does not move.
 *
 * <p>Running a statement again is safe because every write of the system database can be repeated:
 * its IDs are chosen before the first run, and its inserts yield to a row an earlier run committed
 * (a commit whose answer was lost with the connection).
 */
final class OutageRetry {
  private static final Logger log = LoggerFactory.getLogger(OutageRetry.class);
  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 2_000;

  private final String database;
  private final Duration limit;
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile long downSinceNanos;
  private volatile boolean closed;

  /**
   * @param database how errors name the database (its URL without password)
   * @param limit how long one statement keeps trying before it fails
   */
  OutageRetry(String database, Duration limit) {
    this.database = database;
    this.limit = limit;
  }

  /** A statement, run again whole on each try. */
  @FunctionalInterface
  interface Attempt<R> {
    R run() throws SQLException;
  }

  <R> R run(Attempt<R> attempt) throws SQLException {
    long giveUpAt = 0;
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      try {
        R result = attempt.run();
        if (giveUpAt != 0) {
          ended();
        }
        return result;
      } catch (SQLException e) {
        if (closed || !isOutage(e)) {
          throw e;
        }
        long now = System.nanoTime();
        if (giveUpAt == 0) {
          giveUpAt = now + limit.toNanos();
          began(e);
        }
        if (now - giveUpAt >= 0) {
          throw gaveUp(e);
        }
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(pause));
        if (Thread.currentThread().isInterrupted()) {
          throw e; // shutting down: the caller's workflow stays PENDING, to be recovered
        }
        pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
      }
    }
  }

  /** Stops retrying: statements fail at their next failure. */
  void close() {
    closed = true;
  }

  /** Whether {@code e}, or an exception it was caused by, says the database cannot be reached. */
  static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private void began(SQLException e) {
    if (down.compareAndSet(false, true)) {
      downSinceNanos = System.nanoTime();
      log.warn(
          "the system database at {} cannot be reached ({}); operations wait for it, each for up"
              + " to {}",
          database,
          e.getMessage(),
          limit);
    }
  }

  private void ended() {
    if (down.compareAndSet(true, false)) {
      log.info(
          "the system database at {} answers again, after {} ms",
          database,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos));
    }
  }

  private SQLException gaveUp(SQLException last) {
    return new SQLException(
        "the system database at "
            + database
            + " could not be reached for "
            + limit
            + " ("
            + last.getMessage()
            + ")",
        last.getSQLState(),
        last);
  }
}
