package org.dbos4j;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks of settings that {@link DBOSConfig} and {@link DBOSClient} share, so that a pool size
 * or a poll interval means the same, and is refused with the same message, in both.
 */
final class SettingRules {
  static final int MAX_POOL_SIZE = 1000;
  private static final Duration MIN_POLL = Duration.ofMillis(100);
  private static final Duration MAX_POLL = Duration.ofHours(1);

  private SettingRules() {}

  /** A number of connections: 1 to {@value #MAX_POOL_SIZE}. */
  static void poolSize(String property, int size) {
    if (size < 1 || size > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          property + " must be between 1 and " + MAX_POOL_SIZE + ", got " + size);
    }
  }

  /** How often to look for what nothing notifies: 100 ms to 1 hour. */
  static void pollInterval(String property, Duration interval) {
    if (interval.compareTo(MIN_POLL) < 0 || interval.compareTo(MAX_POLL) > 0) {
      throw new IllegalArgumentException(
          property + " must be between 100 ms and 1 hour, got " + interval);
    }
  }

  /** A package whose classes may be rebuilt from recorded JSON: not blank. */
  static String packageName(String name) {
    Objects.requireNonNull(name, "package");
    if (name.isBlank()) {
      throw new IllegalArgumentException("package name must not be blank");
    }
    return name;
  }
}
