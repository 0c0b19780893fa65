package org.dbos4j.internal.serialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.ClassUtil;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;
import org.dbos4j.DBOSException;
import org.jspecify.annotations.Nullable;

/**
 * JSON of workflow inputs, step and workflow outputs, and messages. Values are written with their
 * declared type and read back with it; non-primitive values carry their class name, checked against
 * a {@link TypeAllowList} on both sides.
 */
public final class JsonCodec {
  /** The value of the {@code serialization} column for payloads written by this codec. */
  public static final String FORMAT = "dbos4j-json";

  private final ObjectMapper mapper;
  private final JavaType objectType;

  public JsonCodec(TypeAllowList allowList) {
    ObjectMapper m =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();
    AllowListTypeValidator validator = new AllowListTypeValidator(allowList);
    m.setDefaultTyping(new TypedValueResolverBuilder(validator, allowList));
    this.mapper = m;
    this.objectType = m.constructType(Object.class);
  }

  /** The Jackson type of a reflected Java type. */
  public JavaType type(Type type) {
    return mapper.constructType(type);
  }

  public JavaType objectType() {
    return objectType;
  }

  /**
   * Serializes {@code value} as its declared type.
   *
   * @throws DBOSException if the value cannot be serialized, naming its class and the reason
   */
  public String write(@Nullable Object value, JavaType declared) {
    try {
      return mapper.writerFor(declared).writeValueAsString(value);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new DBOSException(
          "Cannot serialize a value of "
              + (value == null ? "null" : value.getClass().getName())
              + " to JSON: "
              + reason(e),
          e);
    }
  }

  /**
   * Serializes call arguments, each as its declared parameter type, into one JSON array; where
   * {@code declared} is null (a client, which knows no signature), each as its own class.
   */
  public String writeArgs(@Nullable Object[] args, JavaType @Nullable [] declared) {
    StringBuilder json = new StringBuilder(16 + 16 * args.length).append('[');
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      try {
        json.append(write(args[i], declaredOrOwn(args[i], declared, i)));
      } catch (DBOSException e) {
        throw new IllegalArgumentException("Argument " + i + ": " + e.getMessage(), e.getCause());
      }
    }
    return json.append(']').toString();
  }

  private JavaType declaredOrOwn(@Nullable Object arg, JavaType @Nullable [] declared, int i) {
    if (declared != null) {
      return i < declared.length ? declared[i] : objectType;
    }
    return arg == null ? objectType : mapper.constructType(arg.getClass());
  }

  /** Reads {@code json} as {@code declared}. */
  public @Nullable Object read(String json, JavaType declared) {
    try {
      return mapper.readerFor(declared).readValue(json);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new DBOSException(
          "Cannot read a recorded value as " + declared.toCanonical() + ": " + reason(e), e);
    }
  }

  /**
   * Reads arguments written by {@link #writeArgs}; where {@code declared} is null or shorter, the
   * arguments are read as {@code Object}.
   */
  public Object[] readArgs(String json, JavaType @Nullable [] declared) {
    try {
      JsonNode array = mapper.readTree(json);
      Object[] args = new Object[array.size()];
      for (int i = 0; i < args.length; i++) {
        JavaType type = declared != null && i < declared.length ? declared[i] : objectType;
        JsonNode arg = array.get(i);
        if (type.isPrimitive() && arg.isArray()) {
          // Written by a client, which knows only the boxed runtime type: read it boxed.
          type = mapper.constructType(ClassUtil.wrapperType(type.getRawClass()));
        }
        args[i] = mapper.readerFor(type).readValue(arg);
      }
      return args;
    } catch (java.io.IOException | RuntimeException e) {
      throw new DBOSException("Cannot read recorded workflow arguments: " + reason(e), e);
    }
  }

  /**
   * A recorded value as an operator is shown it: as {@link #read} reads it, or, when that cannot be
   * done here (a class it names is not on this classpath, or not allowed), the JSON as recorded, as
   * a {@link JsonNode}: a listing from a process without the application's classes (a client, the
   * command line) still shows it.
   */
  public @Nullable Object readForDisplay(String json, JavaType declared) {
    try {
      return read(json, declared);
    } catch (DBOSException e) {
      return recorded(json);
    }
  }

  /**
   * Recorded arguments as an operator is shown them: as {@link #readArgs} reads them, or each as
   * the JSON recorded (see {@link #readForDisplay}).
   */
  public Object[] readArgsForDisplay(String json, JavaType @Nullable [] declared) {
    try {
      return readArgs(json, declared);
    } catch (DBOSException e) {
      JsonNode args = recorded(json);
      if (!args.isArray()) {
        return new Object[] {args};
      }
      Object[] each = new Object[args.size()];
      for (int i = 0; i < each.length; i++) {
        each[i] = args.get(i);
      }
      return each;
    }
  }

  private JsonNode recorded(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      return mapper.getNodeFactory().textNode(json);
    }
  }

  private static String reason(Exception e) {
    if (e instanceof DisallowedTypeException) {
      return e.getMessage();
    }
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      if (t.getCause() instanceof DisallowedTypeException) {
        return t.getCause().getMessage();
      }
      t = t.getCause();
    }
    if (e instanceof InvalidTypeIdException denied
        && denied.getTypeId() != null
        && String.valueOf(denied.getOriginalMessage()).contains("denied resolution")) {
      return "the recorded class "
          + denied.getTypeId()
          + " is not allowed: it is not a JDK value type, record or enum, and no registered method"
          + " signature names it; allow it with DBOSConfig.Builder.serializableTypes(...) or"
          + " serializablePackages(...)";
    }
    if (e instanceof JsonMappingException jme) {
      return jme.getOriginalMessage();
    }
    return String.valueOf(e.getMessage());
  }
}
