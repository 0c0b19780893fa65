package org.dbos4j.internal.serialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dbos4j.DBOSException;
import org.jspecify.annotations.Nullable;

/**
 * Records exceptions as JSON (class name, message, stack) and rebuilds them.
 *
 * <p>An exception is rebuilt as its own class when that class is a {@link Throwable} on the
 * classpath with a {@code (String)} or no-argument constructor that reproduces the recorded
 * message; anything else becomes a {@link DBOSException} carrying the original class name and
 * message. Only {@code Throwable} subclasses are ever instantiated from a recorded name.
 */
public final class ErrorCodec {
  private static final int MAX_FRAMES = 64;

  private final ObjectMapper mapper = JsonMapper.builder().build();

  /** Causes recorded below an exception, at most; deeper ones are dropped. */
  private static final int MAX_CAUSES = 8;

  /** The recorded form of an exception and, nested, of its causes. */
  record RecordedError(
      String className,
      @Nullable String message,
      @Nullable List<String> stack,
      @Nullable RecordedError cause) {}

  public String write(Throwable error) {
    try {
      return mapper.writeValueAsString(record(error, 0));
    } catch (JsonProcessingException e) {
      throw new DBOSException("Cannot serialize exception " + error.getClass().getName(), e);
    }
  }

  public Throwable read(String json) {
    try {
      return rebuild(mapper.readValue(json, RecordedError.class));
    } catch (JsonProcessingException e) {
      return new DBOSException("Unreadable recorded error: " + json, e);
    }
  }

  private static RecordedError record(Throwable error, int depth) {
    List<String> stack = new ArrayList<>();
    StackTraceElement[] frames = error.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
      StackTraceElement f = frames[i];
      stack.add(
          f.getClassName()
              + "|"
              + f.getMethodName()
              + "|"
              + f.getFileName()
              + "|"
              + f.getLineNumber());
    }
    Throwable cause = error.getCause();
    return new RecordedError(
        error.getClass().getName(),
        error.getMessage(),
        stack,
        cause == null || cause == error || depth >= MAX_CAUSES ? null : record(cause, depth + 1));
  }

  private static Throwable rebuild(RecordedError recorded) {
    Throwable rebuilt = rebuild(recorded.className(), recorded.message());
    if (rebuilt == null) {
      rebuilt =
          new DBOSException(
              recorded.className() + (recorded.message() == null ? "" : ": " + recorded.message()));
    }
    if (recorded.stack() != null) {
      rebuilt.setStackTrace(
          recorded.stack().stream().map(ErrorCodec::frame).toArray(StackTraceElement[]::new));
    }
    if (recorded.cause() != null && rebuilt.getCause() == null) {
      try {
        rebuilt.initCause(rebuild(recorded.cause()));
      } catch (IllegalStateException | IllegalArgumentException e) {
        // the exception fixed its cause in its constructor; keep that one
      }
    }
    return rebuilt;
  }

  private static @Nullable Throwable rebuild(String className, @Nullable String message) {
    Class<?> type;
    try {
      type = Class.forName(className, false, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    if (!Throwable.class.isAssignableFrom(type)) {
      return null;
    }
    Throwable t = construct(type, message);
    return t != null && Objects.equals(t.getMessage(), message) ? t : null;
  }

  private static @Nullable Throwable construct(Class<?> type, @Nullable String message) {
    try {
      Constructor<?> withMessage = type.getDeclaredConstructor(String.class);
      withMessage.setAccessible(true);
      return (Throwable) withMessage.newInstance(message);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // fall through to the no-argument constructor
    }
    try {
      Constructor<?> noArgs = type.getDeclaredConstructor();
      noArgs.setAccessible(true);
      return (Throwable) noArgs.newInstance();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : ErrorCodec.class.getClassLoader();
  }

  private static StackTraceElement frame(String encoded) {
    String[] parts = encoded.split("\\|", 4);
    if (parts.length < 4) {
      return new StackTraceElement(encoded, "?", null, -1);
    }
    int line;
    try {
      line = Integer.parseInt(parts[3]);
    } catch (NumberFormatException e) {
      line = -1;
    }
    return new StackTraceElement(
        parts[0], parts[1], "null".equals(parts[2]) ? null : parts[2], line);
  }
}
