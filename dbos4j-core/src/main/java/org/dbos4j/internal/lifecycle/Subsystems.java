package org.dbos4j.internal.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.dbos4j.DBOSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Subsystem}s of a launched runtime or of a client, started in the order they were added
 * and stopped in the reverse order.
 */
final class Subsystems {
  private static final Logger log = LoggerFactory.getLogger(Subsystems.class);

  private final List<Subsystem> all = new ArrayList<>();
  private final Deque<Subsystem> started = new ArrayDeque<>();

  void add(Subsystem part) {
    all.add(part);
  }

  void addAll(List<Subsystem> parts) {
    all.addAll(parts);
  }

  /**
   * Starts every subsystem in order. If one fails to start, those started stop again.
   *
   * @throws DBOSException naming the subsystem that failed
   */
  void start() {
    for (Subsystem s : all) {
      try {
        s.start();
      } catch (Exception e) {
        stop();
        throw e instanceof DBOSException d
            ? d
            : new DBOSException("Cannot start " + s.name() + ": " + e.getMessage(), e);
      }
      started.push(s);
    }
  }

  /** Stops what started, in the reverse order; a second call does nothing. */
  void stop() {
    Subsystem s;
    while ((s = started.poll()) != null) {
      try {
        s.stop();
      } catch (RuntimeException e) {
        log.warn("stopping {} failed", s.name(), e);
      }
    }
  }
}
