package org.dbos4j.internal.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dbos4j.DBOSException;
import org.dbos4j.fixtures.Gadget;
import org.dbos4j.fixtures.Pojo;
import org.junit.jupiter.api.Test;

/** Values keep their types through JSON, and recorded class names never pick an arbitrary class. */
class JsonCodecTest {
  record Point(int x, int y) {}

  enum Color {
    RED,
    GREEN
  }

  private final JsonCodec codec = new JsonCodec(new TypeAllowList(List.of(), List.of()));

  private Object roundTripAsObject(JsonCodec c, Object value) {
    String json = c.write(value, c.objectType());
    return c.read(json, c.objectType());
  }

  @Test
  void valuesDeclaredAsObjectKeepTheirClass() {
    assertThat(roundTripAsObject(codec, 5L)).isInstanceOf(Long.class).isEqualTo(5L);
    assertThat(roundTripAsObject(codec, 5)).isInstanceOf(Integer.class).isEqualTo(5);
    assertThat(roundTripAsObject(codec, (short) 5)).isInstanceOf(Short.class);
    assertThat(roundTripAsObject(codec, 1.5f)).isInstanceOf(Float.class).isEqualTo(1.5f);
    assertThat(roundTripAsObject(codec, 1.5d)).isInstanceOf(Double.class);
    assertThat(roundTripAsObject(codec, new java.math.BigDecimal("1.50")))
        .isEqualTo(new java.math.BigDecimal("1.50"));
    assertThat(roundTripAsObject(codec, "text")).isEqualTo("text");
    assertThat(roundTripAsObject(codec, true)).isEqualTo(true);
    assertThat(roundTripAsObject(codec, new Point(1, 2))).isEqualTo(new Point(1, 2));
    assertThat(roundTripAsObject(codec, Color.GREEN)).isSameAs(Color.GREEN);
    assertThat(roundTripAsObject(codec, Instant.parse("2024-05-06T07:08:09.123456789Z")))
        .isEqualTo(Instant.parse("2024-05-06T07:08:09.123456789Z"));
    assertThat(roundTripAsObject(codec, LocalDate.of(2024, 2, 29)))
        .isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(roundTripAsObject(codec, Duration.ofMillis(1500)))
        .isEqualTo(Duration.ofMillis(1500));
    List<Object> mixed = new ArrayList<>(List.of(1, 2L, "three", new Point(4, 4)));
    List<Object> read = new ArrayList<>((List<?>) roundTripAsObject(codec, mixed));
    assertThat(read).isEqualTo(mixed);
    assertThat(read)
        .extracting(Object::getClass)
        .containsExactly(Integer.class, Long.class, String.class, Point.class);
  }

  @Test
  void valuesReadWithTheirDeclaredGenericType() throws Exception {
    Type listOfPoints = Holder.class.getDeclaredField("points").getGenericType();
    Type mapOfPoints = Holder.class.getDeclaredField("byName").getGenericType();
    Type setOfColors = Holder.class.getDeclaredField("colors").getGenericType();
    JavaType lp = codec.type(listOfPoints);
    JavaType mp = codec.type(mapOfPoints);
    JavaType sc = codec.type(setOfColors);
    List<Point> points = List.of(new Point(1, 2), new Point(3, 4));
    Map<String, Point> byName = new LinkedHashMap<>();
    byName.put("a", new Point(0, 1));
    assertThat(codec.read(codec.write(points, lp), lp)).isEqualTo(points);
    assertThat(codec.read(codec.write(byName, mp), mp)).isEqualTo(byName);
    assertThat(codec.read(codec.write(Set.of(Color.RED), sc), sc)).isEqualTo(Set.of(Color.RED));
  }

  static final class Holder {
    List<Point> points;
    Map<String, Point> byName;
    Set<Color> colors;
  }

  @Test
  void aClassThatIsNotAllowedIsRefusedWhenWrittenNamingTheWayToAllowIt() {
    assertThatThrownBy(() -> codec.write(new Pojo("p", 1), codec.objectType()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(Pojo.class.getName())
        .hasMessageContaining("serializableTypes")
        .hasMessageContaining("serializablePackages");

    JsonCodec byType = new JsonCodec(new TypeAllowList(List.of(Pojo.class), List.of()));
    assertThat(roundTripAsObject(byType, new Pojo("p", 1))).isEqualTo(new Pojo("p", 1));
    JsonCodec byPackage =
        new JsonCodec(new TypeAllowList(List.of(), List.of("org.dbos4j.fixtures")));
    assertThat(roundTripAsObject(byPackage, new Pojo("q", 2))).isEqualTo(new Pojo("q", 2));
    TypeAllowList named = new TypeAllowList(List.of(), List.of());
    named.allowTypesNamedBy(Pojo.class);
    assertThat(roundTripAsObject(new JsonCodec(named), new Pojo("r", 3)))
        .isEqualTo(new Pojo("r", 3));
  }

  @Test
  void aRecordedClassNameNeverChoosesAnArbitraryClass() {
    int before = Gadget.CREATED.get();
    for (String json :
        List.of(
            "[\"java.lang.ProcessBuilder\",{\"command\":[\"touch\",\"/tmp/dbos4j-pwned\"]}]",
            "[\"javax.naming.InitialContext\",{}]",
            "[\"java.net.URL\",\"http://example.com\"]",
            "[\"" + Gadget.class.getName() + "\",{\"command\":\"rm -rf\"}]",
            "[\"java.util.ArrayList\",[[\"" + Gadget.class.getName() + "\",{}]]]",
            "[\"java.util.HashMap\",{\"k\":[\"java.lang.ProcessBuilder\",{}]}]")) {
      assertThatThrownBy(() -> codec.read(json, codec.objectType()))
          .as(json)
          .isInstanceOf(DBOSException.class)
          .hasMessageContaining("Cannot read a recorded value");
    }
    assertThat(Gadget.CREATED.get()).isEqualTo(before);
    // A package prefix matches whole package names only, not a package that merely starts alike.
    JsonCodec prefixed = new JsonCodec(new TypeAllowList(List.of(), List.of("org.dbos4j.fix")));
    assertThatThrownBy(
            () -> prefixed.read("[\"" + Gadget.class.getName() + "\",{}]", prefixed.objectType()))
        .isInstanceOf(DBOSException.class);
    assertThat(Gadget.CREATED.get()).isEqualTo(before);
  }
}
