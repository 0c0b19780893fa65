package org.dbos4j.internal.registry;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dbos4j.DBOSException;
import org.dbos4j.RequiredRoles;
import org.dbos4j.Step;
import org.dbos4j.Transaction;
import org.dbos4j.Workflow;
import org.dbos4j.internal.execution.RetryPolicy;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.serialize.TypeAllowList;
import org.jspecify.annotations.Nullable;

/**
 * The workflows, steps and transactions registered between {@code configure} and {@code launch},
 * and the proxies that route calls to them; beside them, the registered queues. Closed by {@code
 * shutdown}: proxies of a closed registry refuse work.
 */
public final class FunctionRegistry {
  private final CallDispatcher dispatcher;
  private final JsonCodec codec;
  private final TypeAllowList allowList;
  private final Map<String, RegisteredWorkflow> workflows = new ConcurrentHashMap<>();
  private final Set<Class<?>> implementationClasses = new LinkedHashSet<>();
  private final Set<String> transactionNames = new LinkedHashSet<>();
  private final RegisteredQueues queues = new RegisteredQueues();
  private volatile boolean frozen;
  private volatile boolean closed;

  public FunctionRegistry(CallDispatcher dispatcher, JsonCodec codec, TypeAllowList allowList) {
    this.dispatcher = dispatcher;
    this.codec = codec;
    this.allowList = allowList;
  }

  /**
   * Registers {@code impl} behind {@code iface} and returns the proxy through which its workflows,
   * steps and transactions are durable.
   */
  public synchronized <T> T register(Class<T> iface, T impl, String instanceName) {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(impl, "impl");
    Objects.requireNonNull(instanceName, "instanceName");
    if (frozen) {
      throw new DBOSException(
          "Cannot register " + iface.getName() + " after DBOS.launch(); register before launching");
    }
    if (!iface.isInterface()) {
      throw new IllegalArgumentException(
          iface.getName() + " is not an interface; register an interface and its implementation");
    }
    Class<?> implClass = impl.getClass();
    Map<Method, RegisteredWorkflow> workflowMethods = new HashMap<>();
    Map<Method, RegisteredStep> stepMethods = new HashMap<>();
    Map<Method, RegisteredTransaction> transactionMethods = new HashMap<>();
    Map<Method, RoleRequirement> requirements = new HashMap<>();
    List<RegisteredWorkflow> added = new ArrayList<>();
    for (Method ifaceMethod : iface.getMethods()) {
      if (ifaceMethod.isDefault() || Modifier.isStatic(ifaceMethod.getModifiers())) {
        continue;
      }
      Method implMethod = implementationOf(implClass, ifaceMethod);
      Workflow wf = implMethod.getAnnotation(Workflow.class);
      Step step = implMethod.getAnnotation(Step.class);
      Transaction txn = implMethod.getAnnotation(Transaction.class);
      int marks = (wf == null ? 0 : 1) + (step == null ? 0 : 1) + (txn == null ? 0 : 1);
      if (marks > 1) {
        throw new IllegalArgumentException(
            implClass.getName()
                + "."
                + implMethod.getName()
                + " has more than one of @Workflow, @Step and @Transaction; choose one");
      }
      if (marks == 0) {
        if (implMethod.isAnnotationPresent(RequiredRoles.class)) {
          throw new IllegalArgumentException(
              implClass.getName()
                  + "."
                  + implMethod.getName()
                  + " has @RequiredRoles but is not a @Workflow, @Step or @Transaction; only"
                  + " durable methods are checked");
        }
        continue;
      }
      implMethod.setAccessible(true);
      allowTypesOf(ifaceMethod);
      JavaType returnType = codec.type(ifaceMethod.getGenericReturnType());
      String name;
      if (wf != null) {
        name = wf.name().isEmpty() ? defaultName(implClass, implMethod) : wf.name();
        RegisteredWorkflow rw =
            new RegisteredWorkflow(
                name,
                implClass.getName(),
                instanceName,
                impl,
                implMethod,
                parameterTypes(ifaceMethod),
                returnType);
        String key = key(name, instanceName);
        if (workflows.containsKey(key) || added.stream().anyMatch(a -> a.name().equals(name))) {
          throw new DBOSException(
              "Workflow '"
                  + name
                  + "'"
                  + (instanceName.isEmpty() ? "" : " of instance '" + instanceName + "'")
                  + " is already registered; give it another name or instance name");
        }
        added.add(rw);
        workflowMethods.put(ifaceMethod, rw);
      } else if (step != null) {
        name = step.name().isEmpty() ? defaultName(implClass, implMethod) : step.name();
        stepMethods.put(
            ifaceMethod,
            new RegisteredStep(name, RetryPolicy.of(step), impl, implMethod, returnType));
      } else {
        name = txn.name().isEmpty() ? defaultName(implClass, implMethod) : txn.name();
        RegisteredTransaction rt =
            new RegisteredTransaction(name, txn.isolation(), impl, implMethod, returnType);
        transactionMethods.put(ifaceMethod, rt);
        transactionNames.add(name);
      }
      RoleRequirement required = RoleRequirement.of(name, implClass, implMethod);
      if (required != null) {
        requirements.put(ifaceMethod, required);
      }
    }
    for (RegisteredWorkflow rw : added) {
      workflows.put(key(rw.name(), instanceName), rw);
    }
    implementationClasses.add(implClass);
    DurableProxy handler =
        new DurableProxy(
            this, impl, workflowMethods, stepMethods, transactionMethods, requirements);
    return iface.cast(
        Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
  }

  /** The registered workflow of this name and instance, or null. */
  public @Nullable RegisteredWorkflow workflow(String name, @Nullable String instanceName) {
    return workflows.get(key(name, instanceName == null ? "" : instanceName));
  }

  public Collection<RegisteredWorkflow> workflows() {
    return workflows.values();
  }

  /** The implementation classes registered so far, in registration order. */
  public synchronized List<Class<?>> implementationClasses() {
    return List.copyOf(implementationClasses);
  }

  /** The names of the registered transactions, in registration order. */
  public synchronized List<String> transactionNames() {
    return List.copyOf(transactionNames);
  }

  /** The queues registered with the functions. */
  public RegisteredQueues queues() {
    return queues;
  }

  /** No more registrations: called by {@code launch}. */
  public void freeze() {
    frozen = true;
    queues.freeze();
  }

  /** Proxies stop working: called by {@code shutdown}. */
  public void close() {
    closed = true;
    frozen = true;
    queues.freeze();
  }

  boolean isClosed() {
    return closed;
  }

  CallDispatcher dispatcher() {
    return dispatcher;
  }

  private void allowTypesOf(Method m) {
    for (Type t : m.getGenericParameterTypes()) {
      allowList.allowTypesNamedBy(t);
    }
    allowList.allowTypesNamedBy(m.getGenericReturnType());
  }

  private JavaType[] parameterTypes(Method m) {
    Type[] generic = m.getGenericParameterTypes();
    JavaType[] types = new JavaType[generic.length];
    for (int i = 0; i < generic.length; i++) {
      types[i] = codec.type(generic[i]);
    }
    return types;
  }

  private static Method implementationOf(Class<?> implClass, Method ifaceMethod) {
    try {
      return implClass.getMethod(ifaceMethod.getName(), ifaceMethod.getParameterTypes());
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          implClass.getName() + " does not implement " + ifaceMethod, e);
    }
  }

  private static String defaultName(Class<?> implClass, Method m) {
    return implClass.getSimpleName() + "." + m.getName();
  }

  private static String key(String name, String instanceName) {
    return name + "\u0000" + instanceName;
  }
}
