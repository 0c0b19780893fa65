package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.dbos4j.Conditions;
import org.jspecify.annotations.Nullable;

/**
 * The child JVMs of the crash tests: started with the test's classpath, watched through the files
 * they write, killed with SIGKILL, or awaited to the end.
 */
final class ChildJvm {
  /** The bound of a wait for a child JVM; only a broken test waits this long. */
  static final Duration BOUND = Duration.ofSeconds(60);

  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args} in a JVM of its own, its output to {@code output}.
   */
  static Process start(Class<?> mainClass, ProcessBuilder.Redirect output, List<String> args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
  }

  /** Kills the child JVM with SIGKILL (on Unix) and waits until it is gone. */
  static void kill(Process process) throws Exception {
    process.destroyForcibly();
    assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS))
        .as("killed JVM ended")
        .isTrue();
    assertThat(process.exitValue()).as("exit value of the killed JVM").isNotZero();
  }

  /**
   * Waits until the child JVM ends by itself; fails (killing it) if it does not within {@code
   * bound}, or if it exits with an error.
   *
   * @param output where the child's output goes, read for the failure message
   */
  static void awaitExit(Process process, Duration bound, Path output) throws Exception {
    boolean finished = process.waitFor(bound.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("child JVM finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(output)).isZero();
  }

  /** Waits until {@code file} holds {@code line}, failing if the child JVM exits first. */
  static void awaitLine(Path file, String line, Process process) throws Exception {
    awaitLines(file, List.of(line), process);
  }

  /** Waits until {@code file} holds each of {@code lines}, failing if the child JVM exits first. */
  static void awaitLines(Path file, List<String> lines, Process process) throws Exception {
    awaitInChild(
        "child JVM wrote " + lines,
        process,
        () -> Files.exists(file) && Files.readAllLines(file).containsAll(lines) ? true : null);
  }

  /**
   * Polls {@code poll} until it answers non-null, failing if the child JVM exits first, or (killing
   * it) after {@link #BOUND}.
   */
  static <T> T awaitInChild(String what, Process process, Callable<@Nullable T> poll)
      throws Exception {
    try {
      return Conditions.awaitValue(
          what,
          BOUND,
          () -> {
            // Read before the poll, so that the poll sees everything a JVM that has exited wrote.
            boolean alive = process.isAlive();
            T answer = poll.call();
            if (answer == null && !alive) {
              throw new AssertionError(
                  "child JVM exited early with " + process.exitValue() + ", before: " + what);
            }
            return answer;
          });
    } catch (AssertionError e) {
      process.destroyForcibly();
      throw e;
    }
  }
}
