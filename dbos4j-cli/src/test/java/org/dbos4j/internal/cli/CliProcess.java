package org.dbos4j.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs the packaged command, {@code java -jar target/dbos4j-cli.jar}, in a child process, as a user
 * or a script would: with the given arguments, environment and standard input, and none of this
 * JVM's classpath or {@code DBOS_*} variables.
 */
final class CliProcess {
  /** Only a broken test waits this long: a command runs in a few seconds. */
  private static final Duration BOUND = Duration.ofSeconds(120);

  private final Map<String, String> environment = new HashMap<>();
  private @Nullable String input;
  private @Nullable Path directory;
  private @Nullable Path applicationClasses;

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    /** Both streams, for messages of failed assertions. */
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  /** Sets an environment variable of the runs. */
  CliProcess env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Gives the runs {@code text} on standard input (else none: it is closed at once). */
  CliProcess input(String text) {
    this.input = text;
    return this;
  }

  /** Runs the command in {@code dir} (else in this JVM's working directory). */
  CliProcess directory(Path dir) {
    this.directory = dir;
    return this;
  }

  /**
   * Puts {@code classes} (the application's jar or classes) on the classpath beside the command's
   * jar, as an operator does to see values of the application's own classes.
   */
  CliProcess withApplicationClasses(Path classes) {
    this.applicationClasses = classes;
    return this;
  }

  /** Runs {@code dbos4j args...} to its end. */
  Result run(String... args) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(Paths.get("target", "cli-runs"));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    if (applicationClasses == null) {
      command.add("-jar");
      command.add(jar().toString());
    } else {
      command.add("-cp");
      command.add(jar() + File.pathSeparator + applicationClasses);
      command.add("org.dbos4j.internal.cli.Main");
    }
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("DBOS"));
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    boolean ended = process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("dbos4j %s ended within %s", String.join(" ", args), BOUND).isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path jar() {
    String jar = System.getProperty("dbos4j.cli.jar");
    assertThat(jar).as("system property dbos4j.cli.jar (set by the failsafe plugin)").isNotNull();
    Path path = Paths.get(jar);
    assertThat(path).as("the packaged command; run the tests with mvn verify").exists();
    return path;
  }
}
