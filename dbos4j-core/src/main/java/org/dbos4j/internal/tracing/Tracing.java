package org.dbos4j.internal.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The spans of workflows, steps and transactions. A workflow's span starts when its start is
 * admitted, as a child of the span current there (an HTTP request's, a parent workflow's), and its
 * W3C trace context goes into the start's row; a recovered execution's span is a child of that
 * recorded context, so it continues the first execution's trace. Step and transaction spans are
 * children of their workflow's.
 *
 * <p>With no OpenTelemetry SDK installed (the API's no-op tracer) nothing is created: spans are
 * {@link Span#getInvalid()}, entering one changes nothing, and no trace context is recorded, so the
 * no-op path allocates nothing.
 */
public final class Tracing {
  static final String INSTRUMENTATION = "org.dbos4j";
  static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("dbos.workflow.id");
  static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("dbos.workflow.name");
  static final AttributeKey<Long> STEP_ID = AttributeKey.longKey("dbos.step.id");
  static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("dbos.step.name");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("dbos.operation.type");
  static final AttributeKey<String> EXECUTOR_ID = AttributeKey.stringKey("dbos.executor.id");
  static final AttributeKey<String> APP_VERSION = AttributeKey.stringKey("dbos.app.version");

  private static final Tracer NO_OP = TracerProvider.noop().get(INSTRUMENTATION);

  private final @Nullable OpenTelemetry configured;
  private final String executorId;
  private final String appVersion;
  private volatile @Nullable Tracer tracer;

  /**
   * @param configured the OpenTelemetry to use, or null for {@link GlobalOpenTelemetry}: then the
   *     global one is taken once it is set (launch does not set it, so the application may set it
   *     later)
   */
  public Tracing(@Nullable OpenTelemetry configured, String executorId, String appVersion) {
    this.configured = configured;
    this.executorId = executorId;
    this.appVersion = appVersion;
    this.tracer = configured == null ? null : configured.getTracer(INSTRUMENTATION);
  }

  /** The span of a workflow execution, child of {@code parent}; invalid when tracing is off. */
  public Span workflowSpan(String workflowName, String workflowId, Context parent) {
    Tracer t = tracer();
    if (t == null) {
      return Span.getInvalid();
    }
    return common(t.spanBuilder(workflowName).setParent(parent))
        .setAttribute(OPERATION_TYPE, "workflow")
        .setAttribute(WORKFLOW_ID, workflowId)
        .setAttribute(WORKFLOW_NAME, workflowName)
        .startSpan();
  }

  /**
   * The span of a step or transaction at {@code functionId} of a workflow, child of the current
   * span (its workflow's); invalid when tracing is off.
   *
   * @param type {@code "step"} or {@code "transaction"}
   */
  public Span stepSpan(
      String type, String name, int functionId, String workflowId, String workflowName) {
    Tracer t = tracer();
    if (t == null) {
      return Span.getInvalid();
    }
    return common(t.spanBuilder(name))
        .setAttribute(OPERATION_TYPE, type)
        .setAttribute(STEP_ID, (long) functionId)
        .setAttribute(STEP_NAME, name)
        .setAttribute(WORKFLOW_ID, workflowId)
        .setAttribute(WORKFLOW_NAME, workflowName)
        .startSpan();
  }

  /**
   * Runs {@code body} with {@code span} current, records its failure on the span, and ends the
   * span.
   */
  public static <R extends @Nullable Object> R within(Span span, Operation<R> body)
      throws Throwable {
    try (Scope ignored = enter(span)) {
      return body.run();
    } catch (Throwable t) {
      fail(span, t);
      throw t;
    } finally {
      span.end();
    }
  }

  /** Makes {@code span} the current one until the scope closes; nothing for an invalid span. */
  public static Scope enter(Span span) {
    return span == Span.getInvalid() ? Scope.noop() : span.makeCurrent();
  }

  /** Records that the operation of {@code span} failed with {@code failure}. */
  public static void fail(Span span, Throwable failure) {
    if (span != Span.getInvalid()) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, failure.getClass().getName());
    }
  }

  /**
   * The W3C {@code traceparent} of {@code span} ({@code 00-<trace id>-<span id>-<flags>}), to
   * record; null if it has no valid context. Trace state is not kept.
   */
  public static @Nullable String traceContext(Span span) {
    SpanContext c = span.getSpanContext();
    if (!c.isValid()) {
      return null;
    }
    return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
  }

  /**
   * The parent context of a recovered workflow's span: the recorded {@code traceparent}, or the
   * root if none was recorded or it cannot be read.
   */
  public static Context recordedParent(@Nullable String traceContext) {
    String[] parts = traceContext == null ? new String[0] : traceContext.split("-", -1);
    if (parts.length != 4
        || !TraceId.isValid(parts[1])
        || !SpanId.isValid(parts[2])
        || parts[3].length() != 2) {
      return Context.root();
    }
    SpanContext parent =
        SpanContext.createFromRemoteParent(
            parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
    return Context.root().with(Span.wrap(parent));
  }

  private SpanBuilder common(SpanBuilder builder) {
    return builder.setAttribute(EXECUTOR_ID, executorId).setAttribute(APP_VERSION, appVersion);
  }

  /** The tracer, or null while tracing is off. */
  private @Nullable Tracer tracer() {
    Tracer t = tracer;
    if (t == null && configured == null && GlobalOpenTelemetry.isSet()) {
      t = GlobalOpenTelemetry.get().getTracer(INSTRUMENTATION);
      tracer = t;
    }
    return t == null || t == NO_OP ? null : t;
  }

  /** An operation that runs in a span. */
  @FunctionalInterface
  public interface Operation<R extends @Nullable Object> {
    R run() throws Throwable;
  }
}
