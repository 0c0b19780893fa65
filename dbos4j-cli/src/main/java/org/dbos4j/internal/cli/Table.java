package org.dbos4j.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Rows printed as left-aligned columns under a header, for people: each column as wide as its
 * widest cell, an absent value as {@code -}, a cell longer than {@link #MAX_CELL} cut with {@code
 * ...} (the full value is in {@code --json}).
 */
final class Table {
  static final int MAX_CELL = 60;
  private static final String GAP = "  ";

  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    this.header = header.clone();
  }

  /** Adds a row with one value per column. */
  Table row(@Nullable Object... values) {
    if (values.length != header.length) {
      throw new IllegalArgumentException(
          "a row of " + values.length + " cells for " + header.length + " columns");
    }
    rows.add(Arrays.stream(values).map(Table::cut).toArray(String[]::new));
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    printRow(out, header, widths);
    for (String[] row : rows) {
      printRow(out, row, widths);
    }
  }

  private static void printRow(PrintWriter out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append(GAP);
      }
      line.append(cells[c]);
      if (c < cells.length - 1) {
        line.append(" ".repeat(widths[c] - cells[c].length()));
      }
    }
    out.println(line);
  }

  /**
   * Prints {@code properties} one to a line, name then value, the values aligned and never cut: the
   * view of one thing.
   */
  static void printProperties(PrintWriter out, ObjectNode properties) {
    int width = properties.properties().stream().mapToInt(p -> p.getKey().length()).max().orElse(0);
    for (Map.Entry<String, JsonNode> p : properties.properties()) {
      String name = p.getKey();
      out.println(name + " ".repeat(width - name.length()) + GAP + text(p.getValue()));
    }
  }

  private static String cut(@Nullable Object value) {
    String text = text(value);
    return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
  }

  /**
   * How a value reads, on one line: text, numbers, times and errors as themselves, anything else
   * (lists, maps, records of the application) as compact JSON.
   */
  private static String text(@Nullable Object value) {
    if (value == null || (value instanceof JsonNode j && j.isNull())) {
      return "-";
    }
    if (value instanceof JsonNode j) {
      return (j.isValueNode() ? j.asText() : j.toString()).replace('\n', ' ');
    }
    boolean plain =
        value instanceof CharSequence
            || value instanceof Number
            || value instanceof Boolean
            || value instanceof Enum<?>
            || value instanceof TemporalAccessor
            || value instanceof Throwable;
    return (plain ? value.toString() : Json.compact(value)).replace('\n', ' ');
  }
}
