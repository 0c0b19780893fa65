package org.dbos4j.internal.registry;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/** A workflow method of a registered instance, with the types its checkpoints are read as. */
public record RegisteredWorkflow(
    String name,
    String className,
    String instanceName,
    Object target,
    Method method,
    JavaType[] parameterTypes,
    JavaType returnType) {

  /** Runs the method on the registered instance, rethrowing what it throws. */
  public @Nullable Object invoke(Object[] args) throws Throwable {
    return DurableProxy.invokeDirectly(target, method, args);
  }
}
