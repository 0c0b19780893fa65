package org.dbos4j.internal.queue;

import org.jspecify.annotations.Nullable;

/**
 * What a NOTIFY on the queue channel says (see the queue triggers in {@code SchemaMigrations}):
 * that a queue may have work for a dispatcher (a workflow enqueued, made ENQUEUED again, or a slot
 * freed by one leaving PENDING), or that a workflow was enqueued DELAYED until a time. The wire
 * form, known only here and in the trigger, is {@code <due time in epoch ms>:<queue>} for a delayed
 * workflow and {@code :<queue>} otherwise; the queue's name may itself hold colons.
 *
 * @param dueAt the DELAYED workflow's due time, or null
 */
record QueueNotice(String queueName, @Nullable Long dueAt) {
  /** The notice a payload carries, or null if it is not one. */
  static @Nullable QueueNotice parse(String payload) {
    int separator = payload.indexOf(':');
    if (separator < 0) {
      return null;
    }
    String queue = payload.substring(separator + 1);
    if (separator == 0) {
      return new QueueNotice(queue, null);
    }
    try {
      return new QueueNotice(queue, Long.parseLong(payload.substring(0, separator)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
