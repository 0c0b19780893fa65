package org.dbos4j.internal.context;

import java.sql.Connection;
import org.dbos4j.DBOSRequest;
import org.jspecify.annotations.Nullable;

/**
 * What dbos4j knows about the code running on the current thread: the workflow it belongs to (if
 * any), whether it is inside a step or a transaction (and then the transaction's connection), the
 * ID chosen for the next workflow it starts, who is calling, and the HTTP request being handled.
 *
 * <p>The context is thread-confined and mutable; code that changes it (running a workflow or step,
 * the public context managers) saves the previous values and restores them when it leaves, so
 * blocks nest.
 */
public final class DBOSContext {
  private static final ThreadLocal<@Nullable DBOSContext> CURRENT = new ThreadLocal<>();

  private @Nullable String nextWorkflowId;
  private @Nullable WorkflowFrame workflow;
  private @Nullable String stepName;
  private int stepFunctionId;
  private @Nullable Connection sqlSession;
  private @Nullable WorkflowCallCapture capture;
  private Identity identity = Identity.NONE;
  private @Nullable DBOSRequest request;

  /** The context of the current thread, or null if none has been set up. */
  public static @Nullable DBOSContext current() {
    return CURRENT.get();
  }

  /** The context of the current thread, created if there is none. */
  public static DBOSContext ensure() {
    DBOSContext ctx = CURRENT.get();
    if (ctx == null) {
      ctx = new DBOSContext();
      CURRENT.set(ctx);
    }
    return ctx;
  }

  /** Removes the current thread's context. */
  public static void clear() {
    CURRENT.remove();
  }

  /** Installs {@code ctx} as the current thread's context (null removes it). */
  public static void set(@Nullable DBOSContext ctx) {
    if (ctx == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(ctx);
    }
  }

  public @Nullable String nextWorkflowId() {
    return nextWorkflowId;
  }

  public void setNextWorkflowId(@Nullable String id) {
    this.nextWorkflowId = id;
  }

  /** Returns the ID set for the next workflow and forgets it: it names one workflow only. */
  public @Nullable String takeNextWorkflowId() {
    String id = nextWorkflowId;
    nextWorkflowId = null;
    return id;
  }

  /** The workflow running on this thread, or null outside workflows. */
  public @Nullable WorkflowFrame workflow() {
    return workflow;
  }

  public void setWorkflow(@Nullable WorkflowFrame workflow) {
    this.workflow = workflow;
  }

  /** The step or transaction running on this thread, or null outside them. */
  public @Nullable String stepName() {
    return stepName;
  }

  /**
   * The position of the step running on this thread (meaningful while {@link #stepName} is set).
   */
  public int stepFunctionId() {
    return stepFunctionId;
  }

  /** Enters ({@code name} non-null) or leaves (null) the step at {@code functionId}. */
  public void setStep(@Nullable String name, int functionId) {
    this.stepName = name;
    this.stepFunctionId = functionId;
  }

  /** The connection of the transaction running on this thread, or null outside transactions. */
  public @Nullable Connection sqlSession() {
    return sqlSession;
  }

  /**
   * Enters ({@code session} non-null) or leaves (null) a transaction; its name and position are set
   * with {@link #setStep}, as a transaction is a step that runs in the application database.
   */
  public void setSqlSession(@Nullable Connection session) {
    this.sqlSession = session;
  }

  /**
   * What the thread is inside of, for messages that refuse an operation there: {@code "transaction
   * 'name'"} or {@code "step 'name'"} (meaningful while {@link #stepName} is set).
   */
  public String stepDescription() {
    return stepDescription(stepName, sqlSession != null);
  }

  /** {@code "transaction 'name'"} or {@code "step 'name'"}. */
  public static String stepDescription(@Nullable String stepName, boolean inTransaction) {
    return (inTransaction ? "transaction '" : "step '") + stepName + "'";
  }

  /** Set while {@code startWorkflow} evaluates its lambda to learn which workflow it calls. */
  public @Nullable WorkflowCallCapture capture() {
    return capture;
  }

  public void setCapture(@Nullable WorkflowCallCapture capture) {
    this.capture = capture;
  }

  /** Who is calling; {@link Identity#NONE} when nobody is authenticated. */
  public Identity identity() {
    return identity;
  }

  public void setIdentity(Identity identity) {
    this.identity = identity;
  }

  /** The HTTP request being handled (or that started the running workflow), or null. */
  public @Nullable DBOSRequest request() {
    return request;
  }

  public void setRequest(@Nullable DBOSRequest request) {
    this.request = request;
  }
}
