package org.dbos4j.internal.notify;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this process learns that a workflow running here was cancelled by a write it did not make
 * itself: another process, another tool, an operator's SQL. On PostgreSQL the trigger on {@code
 * workflow_status} notifies every change of a row to CANCELLED, and the LISTEN connection hands it
 * here at once. For a lost notification, and on SQLite, which has none, the fallback poll asks once
 * per interval, in one query for all of them, which of the executions running here have a CANCELLED
 * row. Either way the execution's cancel token is cancelled: its waits wake at once and its next
 * durable operation throws.
 *
 * <p>Notices are checked against the rows before they cancel (1 round trip for the notices that
 * arrive together, if any of their workflows runs here): a notification may arrive late, after the
 * workflow was resumed and runs again. The execution is taken before the look, so that a new one,
 * started after the look, is spared.
 *
 * <p>So a cancel written elsewhere stops an execution at once on PostgreSQL, and otherwise within
 * one poll interval; a step costs nothing for it (no look at the row before each step). Two things
 * hold at once on both engines, without a notice, because they are part of statements that run
 * anyway: a workflow whose row is not PENDING consumes no message, and its outcome is not recorded
 * over the row's (its handles report what the row says).
 */
public final class CancellationNotices {
  private static final Logger log = LoggerFactory.getLogger(CancellationNotices.class);

  /** The executions of this process, which notices cancel. */
  public interface Executions {
    /** The executions running here now: their cancel tokens, by workflow ID. */
    Map<String, CancelToken> running();

    /** The cancel token of the execution of {@code workflowId} running here now, or null. */
    @Nullable CancelToken running(String workflowId);
  }

  private static final Executions NONE =
      new Executions() {
        @Override
        public Map<String, CancelToken> running() {
          return Map.of();
        }

        @Override
        public @Nullable CancelToken running(String workflowId) {
          return null;
        }
      };

  private final Function<Collection<String>, List<String>> cancelledAmong;
  private volatile Executions executions = NONE;

  /**
   * @param cancelledAmong which of the given workflows have a CANCELLED row (one query)
   */
  public CancellationNotices(Function<Collection<String>, List<String>> cancelledAmong) {
    this.cancelledAmong = cancelledAmong;
  }

  /** Directs notices to the executions of this process; before this, nothing runs here. */
  public void attach(Executions running) {
    this.executions = running;
  }

  /**
   * Notices that {@code workflowIds} were cancelled: one query if any of them runs here and is not
   * cancelled yet (a cancel made here has cancelled its executions already). A failed look is left
   * to the fallback poll.
   */
  void cancelled(Collection<String> workflowIds) {
    Map<String, CancelToken> running = new HashMap<>();
    for (String workflowId : workflowIds) {
      CancelToken token = executions.running(workflowId);
      if (token != null) {
        running.put(workflowId, token);
      }
    }
    try {
      cancelIfCancelled(running);
    } catch (RuntimeException e) {
      log.warn("cannot look at cancelled workflows {}: {}", running.keySet(), e.getMessage());
    }
  }

  /**
   * The fallback poll's look: one query if an execution not cancelled yet runs here, none
   * otherwise.
   */
  void poll() {
    cancelIfCancelled(executions.running());
  }

  private void cancelIfCancelled(Map<String, CancelToken> running) {
    Map<String, CancelToken> uncancelled = new HashMap<>(running);
    uncancelled.values().removeIf(CancelToken::isCancelled);
    if (uncancelled.isEmpty()) {
      return;
    }
    for (String workflowId : cancelledAmong.apply(uncancelled.keySet())) {
      CancelToken token = uncancelled.get(workflowId);
      if (token != null) {
        token.cancel();
        log.info("workflow {} was cancelled; its execution here stops", workflowId);
      }
    }
  }
}
