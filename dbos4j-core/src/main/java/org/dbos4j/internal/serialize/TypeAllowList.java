package org.dbos4j.internal.serialize;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which classes may be named in recorded JSON and rebuilt from it.
 *
 * <p>Recorded payloads carry class names (so that a step typed {@code Object} replays with the same
 * class), and a class name read from a database must never choose an arbitrary class to
 * instantiate. Allowed are: JDK value and collection types; records and enums (they are built only
 * through their canonical constructor or constants, so they cannot act as deserialization gadgets);
 * every class named by a registered method signature; and what the configuration allows explicitly
 * by class or package.
 */
public final class TypeAllowList {
  private static final Set<String> JDK_TYPES =
      Set.of(
          "java.lang.String",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Double",
          "java.lang.Float",
          "java.lang.Boolean",
          "java.lang.Character",
          "java.math.BigDecimal",
          "java.math.BigInteger",
          "java.util.UUID",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.ArrayDeque",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.Arrays$ArrayList",
          "java.net.URI");
  private static final List<String> JDK_PREFIXES =
      List.of("java.time.", "java.util.ImmutableCollections$", "java.util.Collections$");

  private final Set<Class<?>> allowedClasses = ConcurrentHashMap.newKeySet();
  private final List<String> allowedPackagePrefixes;

  public TypeAllowList(List<Class<?>> classes, List<String> packages) {
    allowedClasses.addAll(classes);
    this.allowedPackagePrefixes =
        packages.stream().map(p -> p.endsWith(".") ? p : p + ".").toList();
  }

  /** Allows every class that {@code type} names, including its type arguments. */
  public void allowTypesNamedBy(Type type) {
    if (type instanceof Class<?> c) {
      Class<?> element = c;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (!element.isPrimitive() && !element.getName().startsWith("java.")) {
        allowedClasses.add(element);
      }
    } else if (type instanceof ParameterizedType p) {
      allowTypesNamedBy(p.getRawType());
      for (Type arg : p.getActualTypeArguments()) {
        allowTypesNamedBy(arg);
      }
    } else if (type instanceof GenericArrayType a) {
      allowTypesNamedBy(a.getGenericComponentType());
    } else if (type instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        allowTypesNamedBy(bound);
      }
    }
  }

  /** True if the name alone is enough to allow the class, without loading it. */
  boolean allowsName(String className) {
    if (JDK_TYPES.contains(className)) {
      return true;
    }
    for (String prefix : JDK_PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    for (String prefix : allowedPackagePrefixes) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** True if values of {@code type} may be named in recorded JSON and rebuilt from it. */
  public boolean allows(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return element.isPrimitive()
        || element.isRecord()
        || element.isEnum()
        || (element.getSuperclass() != null && element.getSuperclass().isEnum())
        || allowedClasses.contains(element)
        || allowsName(element.getName());
  }
}
