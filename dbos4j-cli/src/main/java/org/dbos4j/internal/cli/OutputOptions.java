package org.dbos4j.internal.cli;

import picocli.CommandLine.Option;

/** Whether a command prints for people (a table) or for scripts (JSON). */
final class OutputOptions {
  @Option(
      names = "--json",
      description = "Print JSON (stable property names, ISO-8601 times) instead of text.")
  boolean json;
}
