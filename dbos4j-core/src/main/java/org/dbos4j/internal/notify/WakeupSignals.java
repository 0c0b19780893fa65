package org.dbos4j.internal.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.dbos4j.internal.time.CancelToken;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * In-memory wake-up signals, by key, for code waiting on the database: a waiter registers its key
 * before it looks, then parks until the key is fired or its time is up, and looks again. Waiting
 * holds no connection and polls nothing; on Java 21+ a waiting virtual thread holds no platform
 * thread either.
 *
 * <p>A {@link WakeupKey} names what changed: messages, an event, a workflow's end. Keys are fired
 * by this process after its own writes, by the LISTEN connection for writes of any process, and by
 * the fallback poll for notifications that were lost.
 */
public final class WakeupSignals {
  private final ConcurrentHashMap<WakeupKey, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private final AtomicInteger parked = new AtomicInteger();
  private final TimeSource time;

  public WakeupSignals(TimeSource time) {
    this.time = time;
  }

  /**
   * Registers the calling thread's interest in {@code key}; call before checking, so that no
   * wake-up is missed, and await on the same thread.
   */
  public Waiter register(WakeupKey key) {
    return add(new Waiter(key));
  }

  /**
   * Registers the calling thread as a {@code recv} waiting for a message of {@code key}, whose
   * receipt is the step at {@code receiptFunctionId}: while it is parked, a sender in this process
   * may {@linkplain #claimReceiver claim} it and hand it the message.
   */
  public Receiver registerReceiver(WakeupKey key, int receiptFunctionId) {
    return add(new Receiver(key, receiptFunctionId));
  }

  private <W extends Waiter> W add(W w) {
    waiters.computeIfAbsent(w.key, k -> ConcurrentHashMap.newKeySet()).add(w);
    return w;
  }

  /**
   * Claims a receiver of {@code key} that is parked, for a hand-off; null if none is. The claimer
   * must end the claim with {@link Receiver#deliver} or {@link Receiver#release}.
   */
  public @Nullable Receiver claimReceiver(WakeupKey key) {
    Set<Waiter> set = waiters.get(key);
    if (set != null) {
      for (Waiter w : set) {
        if (w instanceof Receiver r && r.claim()) {
          return r;
        }
      }
    }
    return null;
  }

  void unregister(Waiter w) {
    waiters.computeIfPresent(
        w.key,
        (k, set) -> {
          set.remove(w);
          return set.isEmpty() ? null : set;
        });
  }

  /** Wakes every waiter of {@code key}. */
  public void fire(WakeupKey key) {
    Set<Waiter> set = waiters.get(key);
    if (set != null) {
      for (Waiter w : set) {
        w.fire();
      }
    }
  }

  /**
   * Wakes every waiter of {@code key}, offering each the JSON {@code value} that this process has
   * just committed under it, so that a waiter wanting the latest value need not read it back.
   */
  public void fire(WakeupKey key, String value) {
    Set<Waiter> set = waiters.get(key);
    if (set != null) {
      for (Waiter w : set) {
        w.offered = value;
        w.fire();
      }
    }
  }

  /** Wakes every waiter, so that each looks again (after a lost LISTEN connection). */
  public void fireAll() {
    for (Set<Waiter> set : waiters.values()) {
      for (Waiter w : set) {
        w.fire();
      }
    }
  }

  /** The keys of {@code kind} someone waits for now. */
  List<WakeupKey> waitingKeys(WakeupKey.Kind kind) {
    List<WakeupKey> keys = new ArrayList<>();
    for (WakeupKey key : waiters.keySet()) {
      if (key.kind() == kind) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** The number of waiters (for tests and metrics). */
  public int waiterCount() {
    int n = 0;
    for (Set<Waiter> set : waiters.values()) {
      n += set.size();
    }
    return n;
  }

  /**
   * The number of waiters parked now, waiting to be fired or for their time to run out (for tests
   * and metrics). A waiter registers before its first look, so a registered waiter may not be
   * parked yet; a parked {@link Receiver} can be claimed.
   */
  public int parkedCount() {
    return parked.get();
  }

  /**
   * One registration of one thread: parks until fired or until its time is up. Close it when done.
   * Parking is plain {@link LockSupport}: cheap on virtual threads, and without the timed future
   * whose waiting code the JIT kept deoptimizing under thousands of waiters.
   */
  public class Waiter implements AutoCloseable {
    final WakeupKey key;
    final Thread owner = Thread.currentThread();
    private volatile boolean fired;
    private volatile @Nullable String offered;

    Waiter(WakeupKey key) {
      this.key = key;
    }

    /**
     * The value offered with the last wake-up (see {@link WakeupSignals#fire(WakeupKey, String)}).
     */
    public @Nullable String takeOffer() {
      String value = offered;
      offered = null;
      return value;
    }

    void fire() {
      fired = true;
      LockSupport.unpark(owner);
    }

    /**
     * Parks until fired, then asks {@code look}, until it answers non-null or {@code
     * deadlineMillis} has passed. The caller has looked once already, after registering: a change
     * made since is fired, so it is not missed.
     *
     * @param cancel the waiting execution's cancel token, or null outside a workflow
     * @return the answer, or null if the deadline passed first
     */
    public <T> @Nullable T awaitValue(
        long deadlineMillis, @Nullable CancelToken cancel, Supplier<@Nullable T> look) {
      while (true) {
        if (!await(deadlineMillis, cancel)) {
          return null;
        }
        T value = look.get();
        if (value != null) {
          return value;
        }
      }
    }

    /**
     * Parks until fired or {@code deadlineMillis}, then re-arms, so that a fire during the next
     * look is seen by the await after it.
     *
     * @return true if fired, false if the time ran out
     */
    boolean await(long deadlineMillis, @Nullable CancelToken cancel) {
      parked.incrementAndGet();
      try {
        if (!time.awaitUntil(() -> fired, deadlineMillis, cancel, this)) {
          return false;
        }
      } finally {
        parked.decrementAndGet();
      }
      fired = false;
      return true;
    }

    @Override
    public String toString() {
      return key.toString();
    }

    @Override
    public void close() {
      unregister(this);
    }
  }

  /**
   * A waiting {@code recv} that a sender in this process can hand a message to: the sender claims
   * it while it is parked, then writes the message already consumed together with its receipt, in
   * the sender's own transaction. The waiter then returns the message without a look and without a
   * transaction of its own.
   *
   * <p>A receiver never looks while a hand-off is under way, and a sender claims only a parked
   * receiver: otherwise the waiter's look could take an older message from another process while
   * the hand-off records its receipt at the same position, and that message would be lost.
   */
  public final class Receiver extends Waiter {
    private static final int LOOKING = 0;
    private static final int PARKED = 1;
    private static final int CLAIMED = 2;
    private static final int DONE = 3;

    private final AtomicInteger state = new AtomicInteger(LOOKING);
    private final int receiptFunctionId;
    private volatile @Nullable String handed;

    private Receiver(WakeupKey key, int receiptFunctionId) {
      super(key);
      this.receiptFunctionId = receiptFunctionId;
    }

    /** The position of the waiting recv's receipt in its workflow. */
    public int receiptFunctionId() {
      return receiptFunctionId;
    }

    /**
     * Parks until fired, then takes a message with {@code receive}, until it gets one or {@code
     * deadlineMillis} has passed; or returns the message a sender handed over. The caller has
     * looked once already, after registering.
     *
     * @param cancel the waiting execution's cancel token, or null outside a workflow
     * @return the message's JSON, or null if the deadline passed first
     */
    public @Nullable String awaitMessage(
        long deadlineMillis, @Nullable CancelToken cancel, Supplier<@Nullable String> receive) {
      while (true) {
        state.compareAndSet(LOOKING, PARKED);
        boolean fired;
        try {
          fired = await(deadlineMillis, cancel);
        } catch (RuntimeException cancelledOrInterrupted) {
          if (state.compareAndSet(PARKED, DONE)) {
            throw cancelledOrInterrupted;
          }
          String message = awaitHandOff();
          if (message != null) {
            return message; // received in the sender's transaction: the message is ours
          }
          throw cancelledOrInterrupted;
        }
        if (!state.compareAndSet(PARKED, fired ? LOOKING : DONE)) {
          String message = awaitHandOff();
          if (message != null) {
            return message;
          }
          continue; // released: the message went to the table, and the sender fired
        }
        if (!fired) {
          return null;
        }
        String message = receive.get();
        if (message != null) {
          return message;
        }
      }
    }

    boolean claim() {
      return state.compareAndSet(PARKED, CLAIMED);
    }

    /** Ends a claim: the sender's transaction committed the message as received by this waiter. */
    public void deliver(String message) {
      handed = message;
      state.set(DONE);
      fire();
    }

    /**
     * Ends a claim without a hand-off: the message went to the table (or nowhere); the sender fires
     * the key so that the waiter looks.
     */
    public void release() {
      state.set(PARKED);
      LockSupport.unpark(owner);
    }

    /**
     * Waits out a claim; it ends with the sender's write, so the wait is short and not
     * interruptible (an interrupt is kept for later).
     *
     * @return the handed message, or null if the claim was released
     */
    private @Nullable String awaitHandOff() {
      boolean interrupted = false;
      while (state.get() == CLAIMED) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return handed;
    }

    /** Stops claims; a claim under way is waited out first, so no sender hands to a gone waiter. */
    @Override
    public void close() {
      while (true) {
        int current = state.get();
        if (current == CLAIMED) {
          awaitHandOff();
        } else if (current == DONE || state.compareAndSet(current, DONE)) {
          break;
        }
      }
      super.close();
    }
  }
}
