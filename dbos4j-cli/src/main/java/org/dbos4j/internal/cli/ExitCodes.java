package org.dbos4j.internal.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes scripts can rely on. picocli's default for a usage error (2) is taken by an
 * unknown workflow ID, so usage errors get 64, {@code EX_USAGE} of BSD's sysexits.h.
 */
final class ExitCodes {
  /** The command did what it was asked. */
  static final int OK = 0;

  /**
   * Anything else went wrong: the database could not be reached or refused the credentials, an
   * operation failed, or {@code reset} was not confirmed.
   */
  static final int FAILURE = 1;

  /** The workflow ID given names no workflow of the system database. */
  static final int UNKNOWN_WORKFLOW = 2;

  /** The command line itself is wrong: an unknown option, a missing argument, a bad value. */
  static final int USAGE = 64;

  /** The list that every command's {@code --help} shows, one line per code. */
  static final Map<String, String> HELP = helpList();

  private static Map<String, String> helpList() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(Integer.toString(OK), "Success.");
    codes.put(
        Integer.toString(FAILURE),
        "Failure: database unreachable, credentials refused, operation failed, reset not"
            + " confirmed.");
    codes.put(
        Integer.toString(UNKNOWN_WORKFLOW), "No workflow has the ID given (the message names it).");
    codes.put(
        Integer.toString(USAGE),
        "Usage error: unknown option, missing or invalid argument, no database URL.");
    return Collections.unmodifiableMap(codes);
  }

  private ExitCodes() {}
}
