package org.dbos4j.examples.checkout;

import org.slf4j.helpers.MessageFormatter;

/** Prints the account of what the example does, whatever the log configuration. */
final class Narrator {
  private Narrator() {}

  static void say(String pattern, Object... args) {
    System.out.println(MessageFormatter.arrayFormat(pattern, args).getMessage());
  }
}
