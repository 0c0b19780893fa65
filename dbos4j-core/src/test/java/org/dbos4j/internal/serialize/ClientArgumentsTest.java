package org.dbos4j.internal.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arguments a client writes, knowing only their runtime classes, read back by a launched process as
 * its workflow's declared parameter types, primitive ones included.
 */
class ClientArgumentsTest {
  record Order(String id, long amount) {}

  private final JsonCodec codec = new JsonCodec(new TypeAllowList(List.of(), List.of()));

  @Test
  void boxedArgumentsOfAClientAreReadAsPrimitiveParameters() {
    Object[] args = {5L, 3, 2.5f, 'c', (short) 7, (byte) 1, true, 1.5};
    String json = codec.writeArgs(args, null);
    JavaType[] declared = {
      codec.type(long.class),
      codec.type(int.class),
      codec.type(float.class),
      codec.type(char.class),
      codec.type(short.class),
      codec.type(byte.class),
      codec.type(boolean.class),
      codec.type(double.class)
    };
    assertThat(codec.readArgs(json, declared)).containsExactly(args);
  }

  @Test
  void objectArgumentsOfAClientAreReadAsTheirDeclaredTypes() {
    Instant at = Instant.parse("2026-12-05T00:00:00Z");
    Object[] args = {"s", new Order("o", 4L), List.of(1, 2), at, null, 9L};
    String json = codec.writeArgs(args, null);
    JavaType[] declared = {
      codec.type(String.class),
      codec.type(Order.class),
      codec.type(List.class),
      codec.type(Instant.class),
      codec.type(String.class),
      codec.type(Long.class)
    };
    assertThat(codec.readArgs(json, declared)).containsExactly(args);
    assertThat(codec.readArgs(json, null))
        .as("read without a signature, as a client reads a status")
        .containsExactly(args);
  }
}
