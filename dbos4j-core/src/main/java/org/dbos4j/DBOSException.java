package org.dbos4j;

import org.jspecify.annotations.Nullable;

/** The root of every exception dbos4j throws: system failures and misuse of the API. */
public class DBOSException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DBOSException(String message) {
    super(message);
  }

  public DBOSException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
