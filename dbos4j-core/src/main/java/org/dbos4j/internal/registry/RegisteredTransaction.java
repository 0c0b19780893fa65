package org.dbos4j.internal.registry;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Method;
import org.dbos4j.Isolation;
import org.jspecify.annotations.Nullable;

/** A transaction method of a registered instance. */
public record RegisteredTransaction(
    String name, Isolation isolation, Object target, Method method, JavaType returnType) {

  /** Runs the method on the registered instance, rethrowing what it throws. */
  public @Nullable Object invoke(Object[] args) throws Throwable {
    return DurableProxy.invokeDirectly(target, method, args);
  }
}
