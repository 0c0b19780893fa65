package org.dbos4j.internal.notify;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a waiter waits for: the messages of a destination and topic, an event of a workflow, or the
 * end of a workflow. Waiters register under it, writers fire it, and the database names it in its
 * notifications and in what the fallback poll finds, as the wire form {@code <workflow>::<topic or
 * event key>} (a bare workflow ID for a status); this class is the one place that knows that form.
 */
public record WakeupKey(Kind kind, String wire) {
  private static final String SEPARATOR = "::";

  /** The kinds of change a waiter waits for. */
  public enum Kind {
    MESSAGE,
    EVENT,
    STATUS
  }

  /** New messages to {@code destination} of {@code topic} (the stored topic key). */
  public static WakeupKey message(String destination, String topic) {
    return new WakeupKey(Kind.MESSAGE, destination + SEPARATOR + topic);
  }

  /** A new value of {@code key}, an event of {@code workflowId}. */
  public static WakeupKey event(String workflowId, String key) {
    return new WakeupKey(Kind.EVENT, workflowId + SEPARATOR + key);
  }

  /** The end of {@code workflowId}. */
  public static WakeupKey status(String workflowId) {
    return new WakeupKey(Kind.STATUS, workflowId);
  }

  /** A key as the database names it: a NOTIFY payload, or a key the fallback poll found. */
  public static WakeupKey ofWire(Kind kind, String wire) {
    return new WakeupKey(kind, wire);
  }

  /**
   * The workflow IDs this key may belong to. A workflow ID may itself contain {@code "::"}, so
   * every prefix before a {@code "::"} is a candidate, and so is the whole key (a status key is a
   * bare workflow ID). A query for extra candidates only finds nothing more.
   */
  Set<String> candidateWorkflowIds() {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(wire);
    if (kind != Kind.STATUS) {
      for (int sep = wire.indexOf(SEPARATOR); sep >= 0; sep = wire.indexOf(SEPARATOR, sep + 1)) {
        ids.add(wire.substring(0, sep));
      }
    }
    return ids;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + wire;
  }
}
