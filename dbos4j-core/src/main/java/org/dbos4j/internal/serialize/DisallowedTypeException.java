package org.dbos4j.internal.serialize;

/** A value's class is not on the serialization allow-list. */
final class DisallowedTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DisallowedTypeException(Class<?> type) {
    super(
        "class "
            + type.getName()
            + " may not be recorded: it is not a JDK value type, record or enum, and no registered"
            + " method signature names it; allow it with DBOSConfig.Builder.serializableTypes("
            + type.getSimpleName()
            + ".class) or serializablePackages(\""
            + type.getPackageName()
            + "\")");
  }
}
