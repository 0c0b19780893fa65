package org.dbos4j.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's tour compiling: every {@code java} block of its tour section must be preceded
 * by {@code <!-- tour: name ... -->} and equal, up to indentation, the regions of those names in
 * this package's sources (marked {@code // tour:start name} ... {@code // tour:end name}), joined
 * by a blank line. The compiler checks the sources; this test checks that the README shows them.
 */
class ReadmeTourTest {
  private static final String TOUR_HEADING = "## A five-minute tour";
  private static final Pattern MARKER = Pattern.compile("^<!-- tour: ([\\w\\- ]+) -->$");
  private static final Pattern REGION = Pattern.compile("^\\s*// tour:(start|end) ([\\w\\-]+)$");

  @Test
  void everyJavaBlockOfTheTourIsTheMarkedRegionOfACompiledSource() throws IOException {
    Path root = projectRoot();
    Map<String, String> regions =
        regions(root.resolve("dbos4j-examples/src/main/java/org/dbos4j/examples/tour"));
    List<Block> blocks = tourBlocks(Files.readAllLines(root.resolve("README.md")));

    assertThat(blocks).as("java blocks in the README's tour").hasSizeGreaterThanOrEqualTo(4);
    List<String> shown = new ArrayList<>();
    for (Block block : blocks) {
      assertThat(block.regionNames())
          .as(
              "README line %d: a java block in the tour must follow a <!-- tour: region -->"
                  + " line naming the source regions it shows",
              block.line())
          .isNotEmpty();
      List<String> parts = new ArrayList<>();
      for (String name : block.regionNames()) {
        assertThat(regions)
            .as("README line %d names region '%s'", block.line(), name)
            .containsKey(name);
        parts.add(regions.get(name));
        shown.add(name);
      }
      assertThat(block.code())
          .as(
              "README line %d must show exactly the source regions %s (change the source, then"
                  + " copy the region into the README)",
              block.line(), block.regionNames())
          .isEqualTo(String.join("\n\n", parts));
    }
    assertThat(shown).as("every tour region appears in the README").containsAll(regions.keySet());
  }

  @Test
  void aChangedLineIsNoticed() {
    String source =
        String.join(
            "\n",
            "class A {",
            "  void f() {",
            "    // tour:start x",
            "    int a = 1;",
            "    // tour:end x",
            "  }",
            "}");
    Map<String, String> regions = new LinkedHashMap<>();
    collectRegions("A.java", source.lines().toList(), regions);
    List<Block> blocks =
        tourBlocks(
            List.of(TOUR_HEADING, "<!-- tour: x -->", "```java", "int a = 2;", "```", "## Next"));

    assertThat(regions).containsEntry("x", "int a = 1;");
    assertThat(blocks).singleElement().satisfies(b -> assertThat(b.code()).isEqualTo("int a = 2;"));
    assertThat(blocks.get(0).code()).isNotEqualTo(regions.get("x"));
  }

  private record Block(int line, List<String> regionNames, String code) {}

  /** The java blocks between the tour heading and the next second-level heading. */
  private static List<Block> tourBlocks(List<String> readme) {
    int start = readme.indexOf(TOUR_HEADING);
    assertThat(start).as("README has a '%s' section", TOUR_HEADING).isNotNegative();
    List<Block> blocks = new ArrayList<>();
    String marker = null;
    for (int i = start + 1; i < readme.size(); i++) {
      String line = readme.get(i);
      if (line.startsWith("## ")) {
        break;
      }
      if (line.strip().equals("```java")) {
        int open = i;
        List<String> code = new ArrayList<>();
        while (!readme.get(++i).strip().equals("```")) {
          code.add(readme.get(i));
        }
        List<String> names = marker == null ? List.of() : List.of(marker.split(" +"));
        blocks.add(new Block(open + 1, names, dedent(code)));
        marker = null;
      } else if (!line.isBlank()) {
        Matcher m = MARKER.matcher(line.strip());
        marker = m.matches() ? m.group(1).strip() : null;
      }
    }
    return blocks;
  }

  /** Every region of the java files under {@code dir}, by name, dedented. */
  private static Map<String, String> regions(Path dir) throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        collectRegions(file.getFileName().toString(), Files.readAllLines(file), regions);
      }
    }
    return regions;
  }

  private static void collectRegions(String file, List<String> lines, Map<String, String> into) {
    String open = null;
    List<String> body = new ArrayList<>();
    for (String line : lines) {
      Matcher m = REGION.matcher(line);
      if (!m.matches()) {
        if (open != null) {
          body.add(line);
        }
        continue;
      }
      String name = m.group(2);
      if (m.group(1).equals("start")) {
        assertThat(open).as("%s: region '%s' starts inside region '%s'", file, name, open).isNull();
        assertThat(into).as("%s: region '%s' is defined twice", file, name).doesNotContainKey(name);
        open = name;
        body.clear();
      } else {
        assertThat(name)
            .as("%s: 'tour:end %s' closes region '%s'", file, name, open)
            .isEqualTo(open);
        into.put(name, dedent(body));
        open = null;
      }
    }
    assertThat(open).as("%s: region '%s' is never closed", file, open).isNull();
  }

  /** The lines without their common indentation and trailing spaces, joined by newlines. */
  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return String.join("\n", out);
  }

  /** The repository root: the first directory upwards that holds README.md and this module. */
  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("dbos4j-examples"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
  }
}
