package org.dbos4j.internal.liveness;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dbos4j.internal.notify.ChannelSubscriber;
import org.dbos4j.internal.sysdb.ProcessesDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's claim to be alive: a lease row in the system database, taken at launch, renewed
 * every {@link #RENEWAL} and given up at shutdown. Every workflow records the process that runs it,
 * and only a workflow whose process has no lease is recovered, so two processes never run one
 * workflow at once, whatever their executor IDs.
 *
 * <p>Each renewal also removes the leases that have not been renewed for {@link #EXPIRY} (their
 * process was killed, or lost the database) and, if it removed any, takes over the dead processes'
 * pending workflows. Lease times are the database server's clock, so processes on machines with
 * skewed clocks still agree; the renewal runs on wall-clock time, not the configured clock, which
 * tests move by hand. One round trip per renewal on PostgreSQL; with a renewal every 2 s that is
 * 0.5 statements per second per process (on SQLite, which pushes nothing, each renewal also looks
 * for orphans: one more query on the local file).
 *
 * <p>On PostgreSQL it also listens on {@link #ORPHAN_CHANNEL}, where triggers say that a workflow
 * may wait for a process to take it (one resumed or forked by a client, or left by a process that
 * gave up its lease), and takes over at once, instead of at its next sweep. Notifications arriving
 * while a takeover is queued join it.
 *
 * <p>A process paused longer than the expiry (a debugger, a frozen VM) comes back to find its lease
 * gone and its workflows possibly taken over; it takes a new lease and says so in the log.
 */
public final class ProcessLease implements ChannelSubscriber {
  private static final Logger log = LoggerFactory.getLogger(ProcessLease.class);

  /** How often the lease is renewed. */
  static final Duration RENEWAL = Duration.ofSeconds(2);

  /** How long a lease lives without renewal: a dead process's workflows wait at most this much. */
  static final Duration EXPIRY = Duration.ofSeconds(6);

  /** The channel of the orphan triggers of {@code SchemaMigrations}. */
  public static final String ORPHAN_CHANNEL = "dbos4j_orphan_channel";

  /**
   * Every so many renewals, recovery looks for orphans even if no lease expired: a safety net where
   * the orphan channel tells of them, the only way to hear of them where nothing is pushed (SQLite:
   * every renewal, a query on a local file).
   */
  private static final int SWEEP_EVERY_WITH_NOTIFICATIONS = 15;

  private final ProcessesDao processes;
  private final String processId;
  private final String executorId;
  private final String appVersion;
  private final Runnable takeover;
  private final int sweepEvery;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dbos4j-process-lease");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean takeoverQueued = new AtomicBoolean();
  private int renewals;
  private boolean failing;

  /**
   * @param takeover claims and resumes the pending workflows of dead processes; run after a renewal
   *     removed expired leases (and now and then regardless, for orphans a dead claimer left)
   * @param notified whether {@link #ORPHAN_CHANNEL} reaches this lease (PostgreSQL)
   */
  public ProcessLease(
      ProcessesDao processes,
      String processId,
      String executorId,
      String appVersion,
      Runnable takeover,
      boolean notified) {
    this.processes = processes;
    this.processId = processId;
    this.executorId = executorId;
    this.appVersion = appVersion;
    this.takeover = takeover;
    this.sweepEvery = notified ? SWEEP_EVERY_WITH_NOTIFICATIONS : 1;
  }

  /** Takes the lease and starts renewing it. */
  public void start() {
    processes.register(processId, executorId, appVersion);
    timer.scheduleWithFixedDelay(
        this::renew, RENEWAL.toMillis(), RENEWAL.toMillis(), TimeUnit.MILLISECONDS);
    log.info("process {} of executor {} is live", processId, executorId);
  }

  /**
   * Stops renewing and gives up the lease, so that the workflows this process leaves PENDING are
   * recovered at once by the next launch or by another live process. Waits at most {@link #RENEWAL}
   * for the database: a shutdown during an outage leaves the lease to expire instead.
   */
  public void stop() {
    Future<?> removal =
        timer.submit(
            () -> {
              try {
                processes.remove(processId);
              } catch (RuntimeException e) {
                log.warn(
                    "could not give up the lease of process {} ({}); its workflows are recovered"
                        + " once it expires",
                    processId,
                    e.toString());
              }
            });
    try {
      removal.get(RENEWAL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "the database did not answer in {} ms; the lease of process {} expires instead",
          RENEWAL.toMillis(),
          processId);
    } catch (ExecutionException e) {
      log.warn("could not give up the lease of process {}: {}", processId, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
    }
  }

  /** A workflow may wait for a process: take over, on the lease's thread. */
  @Override
  public void notified(String payload) {
    queueTakeover();
  }

  /** Notifications were maybe lost: take over, as one of them would have said. */
  @Override
  public void mayHaveMissed() {
    queueTakeover();
  }

  private void queueTakeover() {
    if (!takeoverQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.execute(
          () -> {
            takeoverQueued.set(false);
            try {
              takeover.run();
            } catch (RuntimeException e) {
              log.warn("taking over orphaned workflows failed: {}", e.toString());
            }
          });
    } catch (RejectedExecutionException stopped) {
      takeoverQueued.set(false);
    }
  }

  private void renew() {
    try {
      ProcessesDao.Renewal renewal = processes.renew(processId, EXPIRY.toMillis());
      if (failing) {
        failing = false;
        log.info("process {} renews its lease again", processId);
      }
      if (!renewal.renewed()) {
        log.warn(
            "process {} found its lease expired (no renewal for {} s): another process may have"
                + " taken over its pending workflows; taking a new lease",
            processId,
            EXPIRY.toSeconds());
        processes.register(processId, executorId, appVersion);
      }
      List<String> expired = renewal.expired();
      if (!expired.isEmpty()) {
        log.info(
            "processes {} stopped renewing their leases: taking over their workflows", expired);
      }
      if (!expired.isEmpty() || ++renewals % sweepEvery == 0) {
        takeover.run();
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("process {} cannot renew its lease: {}", processId, e.toString());
      }
    }
  }
}
