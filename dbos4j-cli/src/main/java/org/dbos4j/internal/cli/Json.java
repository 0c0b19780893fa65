package org.dbos4j.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;

/**
 * The JSON that {@code --json} prints: times as ISO-8601 strings, durations as ISO-8601 durations.
 * Workflow inputs and outputs arrive as the plain JSON values a client reads them as (it has none
 * of the application's classes), so they print as recorded.
 */
final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private Json() {}

  /** Prints {@code value} indented, as a document of its own. */
  static void print(PrintWriter out, @Nullable Object value) {
    try {
      out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot write the result as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@code value} on one line, for a table cell; a value Jackson cannot write (an object of a class
   * the client could rebuild) shows as its {@code toString()}.
   */
  static String compact(@Nullable Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
