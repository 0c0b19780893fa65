package org.dbos4j.internal.registry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.dbos4j.DBOSException;
import org.dbos4j.Queue;
import org.jspecify.annotations.Nullable;

/** The queues registered between {@code configure} and {@code launch}, by name. */
public final class RegisteredQueues {
  private final Map<String, Queue> queues = new ConcurrentHashMap<>();
  private volatile boolean frozen;

  /**
   * Registers {@code queue}.
   *
   * @throws DBOSException after launch, or if a queue of the same name is registered
   */
  public synchronized void register(Queue queue) {
    Objects.requireNonNull(queue, "queue");
    if (frozen) {
      throw new DBOSException(
          "Cannot register queue '"
              + queue.name()
              + "' after DBOS.launch(); register queues before launching");
    }
    if (queues.containsKey(queue.name())) {
      throw new DBOSException(
          "Queue '" + queue.name() + "' is already registered; give each queue its own name");
    }
    queues.put(queue.name(), queue);
  }

  /** The registered queue of this name, or null. */
  public @Nullable Queue queue(String name) {
    return queues.get(name);
  }

  /** The registered queues, in no particular order. */
  public Collection<Queue> all() {
    return List.copyOf(queues.values());
  }

  void freeze() {
    frozen = true;
  }
}
