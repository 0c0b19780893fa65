package org.dbos4j.internal.lifecycle;

import org.jspecify.annotations.Nullable;

/** The value a proxy returns for a call it only captured: null, or zero for primitives. */
final class DefaultValues {
  private DefaultValues() {}

  static @Nullable Object of(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == float.class) {
      return 0f;
    }
    return 0d;
  }
}
