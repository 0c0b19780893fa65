package org.dbos4j.internal.context;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules of the arguments of messages and events that {@code DBOS} and {@code DBOSClient} share.
 */
public final class OperationArguments {
  private OperationArguments() {}

  /**
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is empty
   */
  public static String eventKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("event key must not be empty");
    }
    return key;
  }

  /**
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static Duration timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    return timeout;
  }

  /**
   * @throws NullPointerException if {@code idempotencyKey} is null
   * @throws IllegalArgumentException if {@code idempotencyKey} is blank
   */
  public static String idempotencyKey(String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("idempotencyKey must not be blank");
    }
    return idempotencyKey;
  }
}
