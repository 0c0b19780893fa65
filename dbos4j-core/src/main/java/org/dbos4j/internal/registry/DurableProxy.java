package org.dbos4j.internal.registry;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.Identity;
import org.jspecify.annotations.Nullable;

/**
 * The invocation handler behind a registered interface: workflow, step and transaction methods go
 * to the dispatcher, every other method straight to the implementation. A method with required
 * roles is checked first, and runs with the role it assumes as the context's identity, so that a
 * workflow it starts records the role and a step sees it.
 */
final class DurableProxy implements InvocationHandler {
  private static final Object[] NO_ARGS = new Object[0];

  private final FunctionRegistry registry;
  private final Object target;
  private final Map<Method, RegisteredWorkflow> workflows;
  private final Map<Method, RegisteredStep> steps;
  private final Map<Method, RegisteredTransaction> transactions;
  private final Map<Method, RoleRequirement> requirements;

  DurableProxy(
      FunctionRegistry registry,
      Object target,
      Map<Method, RegisteredWorkflow> workflows,
      Map<Method, RegisteredStep> steps,
      Map<Method, RegisteredTransaction> transactions,
      Map<Method, RoleRequirement> requirements) {
    this.registry = registry;
    this.target = target;
    this.workflows = Map.copyOf(workflows);
    this.steps = Map.copyOf(steps);
    this.transactions = Map.copyOf(transactions);
    this.requirements = Map.copyOf(requirements);
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args)
      throws Throwable {
    Object[] a = args == null ? NO_ARGS : args;
    RoleRequirement required = requirements.isEmpty() ? null : requirements.get(method);
    if (required == null) {
      return route(proxy, method, a);
    }
    checkOpen(method);
    DBOSContext ctx = DBOSContext.current();
    Identity caller = ctx == null ? Identity.NONE : ctx.identity();
    Identity acting = required.authorize(caller);
    // authorized, so the caller holds a role, so its context exists
    DBOSContext context = Objects.requireNonNull(ctx);
    context.setIdentity(acting);
    try {
      return route(proxy, method, a);
    } finally {
      context.setIdentity(caller);
    }
  }

  private @Nullable Object route(Object proxy, Method method, Object[] a) throws Throwable {
    RegisteredWorkflow wf = workflows.get(method);
    if (wf != null) {
      checkOpen(method);
      return registry.dispatcher().callWorkflow(wf, a);
    }
    RegisteredStep step = steps.get(method);
    if (step != null) {
      checkOpen(method);
      return registry.dispatcher().callStep(step, a);
    }
    RegisteredTransaction transaction = transactions.get(method);
    if (transaction != null) {
      checkOpen(method);
      return registry.dispatcher().callTransaction(transaction, a);
    }
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, a);
    }
    return invokeDirectly(target, method, a);
  }

  private void checkOpen(Method method) {
    if (registry.isClosed()) {
      throw new DBOSException(
          "Cannot call "
              + method.getName()
              + ": its proxy was registered before DBOS.shutdown(); configure and register again");
    }
  }

  private @Nullable Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "DBOS proxy of " + target;
    }
  }

  /** Invokes {@code method} on {@code target}, rethrowing what the method threw. */
  static @Nullable Object invokeDirectly(Object target, Method method, Object[] args)
      throws Throwable {
    try {
      if (!method.canAccess(target)) {
        method.setAccessible(true);
      }
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
