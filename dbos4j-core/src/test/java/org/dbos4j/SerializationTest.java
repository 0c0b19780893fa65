package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.fixtures.Gadget;
import org.dbos4j.fixtures.Pojo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inputs and outputs keep their types through the system database. Each test records values in a
 * first launch, leaves the workflow PENDING, and checks what the recovering launch reads back:
 * recovery replays the workflow with its recorded inputs and its steps' recorded outputs.
 */
@BothBackends
class SerializationTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public record Point(int x, int y) {}

  public enum Color {
    RED,
    BLUE
  }

  /** A user class that no registered signature names: not allowed unless configured. */
  public static final class Unlisted {
    private String label = "";

    public Unlisted() {}

    public Unlisted(String label) {
      this.label = label;
    }

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }
  }

  public record Bundle(
      Point point,
      List<Point> points,
      Map<String, Point> byName,
      Set<Point> set,
      Instant at,
      LocalDate day,
      Duration duration,
      Color color,
      Pojo pojo) {}

  /** What the workflow saw: its inputs, its steps' outputs, and their classes. */
  public record Seen(Bundle input, Bundle stepped, List<Object> inline, List<String> classes) {}

  public interface Values {
    Bundle echo(Bundle bundle);
  }

  static final class ValuesImpl implements Values {
    final AtomicInteger runs = new AtomicInteger();

    @Step
    @Override
    public Bundle echo(Bundle bundle) {
      runs.incrementAndGet();
      return bundle;
    }
  }

  public interface Flows {
    Seen everything(
        Point point,
        List<Point> points,
        Map<String, Point> byName,
        Set<Point> set,
        Instant at,
        LocalDate day,
        Duration duration,
        Color color,
        Pojo pojo,
        Object anything);

    String unlisted();

    String readsInline();
  }

  static final class FlowsImpl implements Flows {
    private final Values values;
    private final Gate gate;
    final AtomicInteger inlineRuns = new AtomicInteger();

    FlowsImpl(Values values, Gate gate) {
      this.values = values;
      this.gate = gate;
    }

    @Workflow
    @Override
    public Seen everything(
        Point point,
        List<Point> points,
        Map<String, Point> byName,
        Set<Point> set,
        Instant at,
        LocalDate day,
        Duration duration,
        Color color,
        Pojo pojo,
        Object anything) {
      Bundle input = new Bundle(point, points, byName, set, at, day, duration, color, pojo);
      Bundle stepped = values.echo(input);
      Object aLong = DBOS.runStep("long", () -> counted(5_000_000_000L));
      Object anInt = DBOS.runStep("int", () -> counted(7));
      Object aPoint = DBOS.runStep("point", () -> counted(new Point(9, 9)));
      Object aColor = DBOS.runStep("color", () -> counted(Color.BLUE));
      Object aPojo = DBOS.runStep("pojo", () -> counted(new Pojo("inline", 1)));
      Object mixed =
          DBOS.runStep("mixed", () -> counted(new ArrayList<Object>(List.of(1, 2L, "three"))));
      Object when = DBOS.runStep("instant", () -> counted(Instant.ofEpochSecond(1, 5)));
      gate.pass();
      List<Object> inline = List.of(aLong, anInt, aPoint, aColor, aPojo, mixed, when, anything);
      List<String> classes = new ArrayList<>();
      for (Object o : inline) {
        classes.add(o.getClass().getSimpleName());
      }
      for (Object o : (List<?>) mixed) {
        classes.add(o.getClass().getSimpleName());
      }
      classes.add(points.get(0).getClass().getSimpleName());
      classes.add(byName.values().iterator().next().getClass().getSimpleName());
      return new Seen(input, stepped, inline, classes);
    }

    @Workflow
    @Override
    public String unlisted() {
      Object value = DBOS.runStep("unlisted", () -> counted(new Unlisted("label")));
      gate.pass();
      return value.getClass().getSimpleName() + ":" + ((Unlisted) value).getLabel();
    }

    @Workflow
    @Override
    public String readsInline() {
      Object value = DBOS.runStep("inline", () -> counted("harmless"));
      gate.pass();
      return value.getClass().getName() + ":" + value;
    }

    private <T> T counted(T value) {
      inlineRuns.incrementAndGet();
      return value;
    }
  }

  private record Launched(Flows flows, FlowsImpl impl, ValuesImpl values) {}

  private Launched launch(DBOSConfig config, Gate gate) {
    DBOS.configure(config);
    ValuesImpl values = new ValuesImpl();
    FlowsImpl impl = new FlowsImpl(DBOS.register(Values.class, values), gate);
    Flows flows = DBOS.register(Flows.class, impl);
    DBOS.launch();
    return new Launched(flows, impl, values);
  }

  private static StartWorkflowOptions id(String id) {
    return StartWorkflowOptions.builder().workflowId(id).build();
  }

  @Test
  void inputsAndOutputsKeepTheirTypesThroughARecordedReplay() throws Exception {
    Map<String, Point> byName = new LinkedHashMap<>();
    byName.put("origin", new Point(0, 0));
    byName.put("far", new Point(100, -100));
    Bundle bundle =
        new Bundle(
            new Point(1, 2),
            List.of(new Point(3, 4), new Point(5, 6)),
            byName,
            Set.of(new Point(7, 8)),
            Instant.parse("2024-05-06T07:08:09.123456789Z"),
            LocalDate.of(2024, 2, 29),
            Duration.ofMinutes(90).plusMillis(5),
            Color.RED,
            new Pojo("pojo", 42));

    Gate gate = new Gate(1);
    Launched first = launch(db.config().build(), gate);
    DBOS.startWorkflow(
        () ->
            first
                .flows()
                .everything(
                    bundle.point(),
                    bundle.points(),
                    bundle.byName(),
                    bundle.set(),
                    bundle.at(),
                    bundle.day(),
                    bundle.duration(),
                    bundle.color(),
                    bundle.pojo(),
                    5L),
        id("types"));
    gate.awaitArrivals();
    DBOS.shutdown();
    assertThat(first.values().runs).hasValue(1);
    assertThat(first.impl().inlineRuns).hasValue(7);

    Launched second = launch(db.config().build(), Gate.opened());
    Seen seen = DBOS.<Seen>retrieveWorkflow("types").getResult();
    assertThat(second.values().runs).as("steps replayed, not run").hasValue(0);
    assertThat(second.impl().inlineRuns).hasValue(0);

    assertThat(seen.input()).isEqualTo(bundle);
    assertThat(seen.stepped()).isEqualTo(bundle);
    assertThat(seen.inline())
        .containsExactly(
            5_000_000_000L,
            7,
            new Point(9, 9),
            Color.BLUE,
            new Pojo("inline", 1),
            List.of(1, 2L, "three"),
            Instant.ofEpochSecond(1, 5),
            5L);
    assertThat(seen.classes())
        .containsExactly(
            "Long",
            "Integer",
            "Point",
            "Color",
            "Pojo",
            "ArrayList",
            "Instant",
            "Long",
            "Integer",
            "Long",
            "String",
            "Point",
            "Point");

    // The recorded result and inputs, read by a process that registered nothing. Its allow-list
    // names no user classes (no signature is registered), so the POJO class must be allowed
    // explicitly; records, enums and JDK types need nothing.
    DBOS.shutdown();
    DBOS.configure(db.config().serializableTypes(Pojo.class).build());
    DBOS.launch();
    WorkflowHandle<Seen> handle = DBOS.retrieveWorkflow("types");
    assertThat(handle.getResult()).isEqualTo(seen);
    WorkflowStatus status = handle.getStatus();
    assertThat(status.output()).isEqualTo(seen);
    assertThat(status.input()).hasSize(10);
    assertThat(status.input()[0]).isEqualTo(new Point(1, 2));
    assertThat(status.input()[9]).isEqualTo(5L);
  }

  @Test
  void aStepValueOfAClassThatIsNotAllowedFailsClearlyAndIsNotRecorded() throws Exception {
    Launched l = launch(db.config().build(), Gate.opened());
    assertThatThrownBy(() -> DBOS.startWorkflow(l.flows()::unlisted, id("unlisted")).getResult())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(Unlisted.class.getName())
        .hasMessageContaining("serializableTypes")
        .hasMessageContaining("serializablePackages");
    assertThat(tables.operations("unlisted")).isEmpty();
    assertThat(tables.status("unlisted")).isEqualTo("ERROR");
  }

  @Test
  void aClassAllowedByTypeIsRecordedAndReplayed() throws Exception {
    assertReplays(db.config().serializableTypes(Unlisted.class).build());
  }

  @Test
  void aClassAllowedByPackageIsRecordedAndReplayed() throws Exception {
    assertReplays(db.config().serializablePackages("org.dbos4j").build());
  }

  private void assertReplays(DBOSConfig config) throws Exception {
    Gate gate = new Gate(1);
    Launched first = launch(config, gate);
    DBOS.startWorkflow(first.flows()::unlisted, id("allowed"));
    gate.awaitArrivals();
    DBOS.shutdown();
    assertThat(tables.operations("allowed").get(0).output()).contains(Unlisted.class.getName());

    Launched second = launch(config, Gate.opened());
    assertThat(DBOS.<String>retrieveWorkflow("allowed").getResult()).isEqualTo("Unlisted:label");
    assertThat(second.impl().inlineRuns).hasValue(0);
  }

  @Test
  void theAllowListAlsoAppliesWhenARecordedValueIsReadBack() throws Exception {
    Gate gate = new Gate(1);
    Launched first = launch(db.config().serializableTypes(Unlisted.class).build(), gate);
    DBOS.startWorkflow(first.flows()::unlisted, id("no-longer-allowed"));
    gate.awaitArrivals();
    DBOS.shutdown();

    Launched second = launch(db.config().build(), Gate.opened());
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("no-longer-allowed").getResult())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(Unlisted.class.getName());
    assertThat(second.impl().inlineRuns).hasValue(0);
  }

  @Test
  void aClassNameWrittenIntoTheDatabaseNeverChoosesTheClassToBuild() throws Exception {
    List<String> forged =
        List.of(
            "[\"java.lang.ProcessBuilder\",{\"command\":[\"touch\",\"/tmp/dbos4j-forged\"]}]",
            "[\"javax.naming.InitialContext\",{}]",
            "[\"" + Gadget.class.getName() + "\",{\"command\":\"rm -rf /\"}]");
    Gate gate = new Gate(forged.size());
    Launched first = launch(db.config().build(), gate);
    for (int i = 0; i < forged.size(); i++) {
      DBOS.startWorkflow(first.flows()::readsInline, id("forged-" + i));
    }
    gate.awaitArrivals();
    DBOS.shutdown();
    for (int i = 0; i < forged.size(); i++) {
      assertThat(tables.operations("forged-" + i).get(0).output()).contains("harmless");
      assertThat(
              tables.update(
                  "UPDATE dbos.operation_outputs SET output = ?"
                      + " WHERE workflow_uuid = ? AND function_id = 1",
                  forged.get(i),
                  "forged-" + i))
          .isEqualTo(1);
    }

    int gadgets = Gadget.CREATED.get();
    Launched second = launch(db.config().build(), Gate.opened());
    for (int i = 0; i < forged.size(); i++) {
      WorkflowHandle<String> handle = DBOS.retrieveWorkflow("forged-" + i);
      assertThatThrownBy(handle::getResult)
          .as(forged.get(i))
          .isInstanceOf(DBOSException.class)
          .hasMessageContaining("Cannot read a recorded value");
      assertThat(handle.getStatus().state()).isEqualTo(WorkflowState.ERROR);
    }
    assertThat(Gadget.CREATED.get()).as("no Gadget was constructed").isEqualTo(gadgets);
    assertThat(second.impl().inlineRuns).as("the step was not run instead").hasValue(0);
    assertThat(new java.io.File("/tmp/dbos4j-forged")).doesNotExist();
  }
}
