package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSNonExistentWorkflowException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a failed command prints and returns: one line on stderr starting {@code dbos4j:}, and the
 * exit code of {@link ExitCodes}. No stack trace: the library's messages say what failed and where
 * (the database URL, without password). Whatever the message holds, the password is masked, so that
 * no driver's or server's wording can ever print it.
 */
final class Failures implements IExecutionExceptionHandler {
  private static final String MASK = "****";

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    String[] args = parsed.originalArgs().toArray(String[]::new);
    command.getErr().println("dbos4j: " + masked(describe(e), passwords(args)));
    if (e instanceof DBOSNonExistentWorkflowException) {
      return ExitCodes.UNKNOWN_WORKFLOW;
    }
    // The library's plainly invalid arguments here come from the command line.
    return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILURE;
  }

  /** A usage error: its message and where to read the command's help. */
  static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    // A mistyped command line may hold a password, and picocli's messages quote arguments.
    err.println("dbos4j: " + masked(String.valueOf(e.getMessage()), passwords(args)));
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCodes.USAGE;
  }

  private static String describe(Exception e) {
    if (e instanceof DBOSException || e instanceof IllegalArgumentException) {
      String message = e.getMessage();
      return message != null ? message : e.getClass().getName();
    }
    // Not the library's own failure: the class tells more than a bare message would.
    return e.toString();
  }

  /** The passwords this run was given, by option (read from the raw arguments) or by variable. */
  private static List<String> passwords(String[] args) {
    List<String> passwords = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(ConnectionOptions.PASSWORD_OPTION) && i + 1 < args.length) {
        passwords.add(args[i + 1]);
      } else if (args[i].startsWith(ConnectionOptions.PASSWORD_OPTION + "=")) {
        passwords.add(args[i].substring(ConnectionOptions.PASSWORD_OPTION.length() + 1));
      }
    }
    String variable = System.getenv(ConnectionOptions.PASSWORD_VARIABLE);
    if (variable != null) {
      passwords.add(variable);
    }
    return passwords;
  }

  /**
   * The message with each password masked where it stands as a word of its own, so that a short
   * password that is also part of a name ({@code dbos} in {@code dbos4j}) leaves the name readable.
   */
  private static String masked(String message, List<String> passwords) {
    String result = message;
    for (String password : passwords) {
      if (!password.isEmpty()) {
        result =
            Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(password) + "(?![\\p{Alnum}])")
                .matcher(result)
                .replaceAll(MASK);
      }
    }
    return result;
  }
}
