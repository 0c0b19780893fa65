package org.dbos4j.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.Conditions.awaitTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.time.ManualClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-off protocol of a waiting recv: a sender may claim a receiver only while it is parked,
 * never while it looks; the receiver returns a handed message without looking, looks again after a
 * released claim, and never leaves while a claim is under way. A broken protocol tends to hang, so
 * every test runs under a timeout on a thread of its own.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WakeupSignalsTest {
  private static final WakeupKey KEY = WakeupKey.message("wf", "t");
  private static final long FAR = Long.MAX_VALUE;

  /** Moves only when a test moves it: no deadline here passes by the machine's speed. */
  private final ManualClock clock = new ManualClock(Instant.EPOCH);

  private final WakeupSignals signals = new WakeupSignals(clock);
  private volatile @Nullable Thread receiverThread;

  @Test
  void aReceiverThatHasNotParkedYetCannotBeClaimed() {
    try (WakeupSignals.Receiver receiver = signals.registerReceiver(KEY, 1)) {
      // Registered, but still in its first look.
      assertThat(signals.claimReceiver(KEY)).isNull();
      assertThat(receiver.receiptFunctionId()).isEqualTo(1);
    }
  }

  @Test
  void aParkedReceiverReturnsTheHandedMessageWithoutLooking() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    CompletableFuture<@Nullable String> received =
        waitInBackground(FAR, () -> lookFindingNothing(looks));

    WakeupSignals.Receiver claimed = claimWhenParked();
    assertThat(signals.claimReceiver(KEY)).as("a claimed receiver is not claimed twice").isNull();
    claimed.deliver("\"handed\"");

    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("\"handed\"");
    assertThat(looks).as("no look after the first").hasValue(0);
  }

  @Test
  void aReleasedClaimLetsTheReceiverLookWhenFired() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    CompletableFuture<@Nullable String> received =
        waitInBackground(FAR, () -> looks.incrementAndGet() == 1 ? "\"from the table\"" : null);

    WakeupSignals.Receiver claimed = claimWhenParked();
    claimed.release();
    signals.fire(KEY);

    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("\"from the table\"");
    assertThat(looks).hasValue(1);
  }

  @Test
  void aReceiverWhoseDeadlinePassesDuringAClaimWaitsForItsOutcome() throws Exception {
    long deadline = clock.millis() + 1_000;
    CompletableFuture<@Nullable String> received =
        waitInBackground(deadline, () -> lookFindingNothing(new AtomicInteger()));
    WakeupSignals.Receiver claimed = claimWhenParked();
    clock.advance(Duration.ofSeconds(2)); // the deadline passes while the hand-off is under way

    // Untimed, with the receiver as the blocker: the timed park of the receiver's own wait is over.
    Thread receiver = receiverThread;
    awaitTrue(
        "the receiver has left or waits out the claim",
        () ->
            received.isDone()
                || (receiver.getState() == Thread.State.WAITING
                    && LockSupport.getBlocker(receiver) == claimed));
    assertThat(received).as("the receiver waits for the claim's outcome").isNotDone();
    claimed.deliver("\"just in time\"");

    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("\"just in time\"");
  }

  @Test
  void aReceiverTimesOutWhenNobodyClaimsIt() throws Exception {
    CompletableFuture<@Nullable String> received =
        waitInBackground(clock.millis() + 200, () -> lookFindingNothing(new AtomicInteger()));
    awaitTrue("the receiver parked", () -> signals.parkedCount() == 1);
    clock.advance(Duration.ofMillis(200));

    assertThat(received.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(signals.claimReceiver(KEY)).as("a receiver that left cannot be claimed").isNull();
  }

  @Test
  void anInterruptedReceiverLeavesAndCannotBeClaimedAfterwards() throws Exception {
    AtomicReference<Thread> owner = new AtomicReference<>();
    CountDownLatch registered = new CountDownLatch(1);
    CompletableFuture<Throwable> left =
        CompletableFuture.supplyAsync(
            () -> {
              owner.set(Thread.currentThread());
              try (WakeupSignals.Receiver receiver = signals.registerReceiver(KEY, 1)) {
                registered.countDown();
                receiver.awaitMessage(FAR, null, () -> null);
                return new AssertionError("returned without a message");
              } catch (DBOSException e) {
                return e;
              }
            });
    await(registered);
    claimWhenParked().release(); // parked: it goes on waiting after the released claim

    owner.get().interrupt();

    assertThat(left.get(10, TimeUnit.SECONDS))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("Interrupted");
    assertThat(signals.claimReceiver(KEY)).isNull();
  }

  @Test
  void aWaiterCountsAsParkedFromItsWaitUntilItIsWoken() throws Exception {
    WakeupKey key = WakeupKey.status("wf");
    try (WakeupSignals.Waiter looking = signals.register(key)) {
      assertThat(signals.waiterCount()).isEqualTo(1);
      assertThat(signals.parkedCount()).as("registered, still looking").isZero();
    }
    CountDownLatch registered = new CountDownLatch(1);
    CompletableFuture<@Nullable String> woken =
        CompletableFuture.supplyAsync(
            () -> {
              try (WakeupSignals.Waiter waiter = signals.register(key)) {
                registered.countDown();
                return waiter.awaitValue(FAR, null, () -> "woken");
              }
            });
    await(registered);
    awaitTrue("the waiter parked", () -> signals.parkedCount() == 1);

    signals.fire(key);

    assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo("woken");
    assertThat(signals.parkedCount()).isZero();
  }

  @Test
  void aValueFiredWithTheKeyIsOfferedOnceToEachWaiter() {
    WakeupKey key = WakeupKey.event("wf", "k");
    try (WakeupSignals.Waiter first = signals.register(key);
        WakeupSignals.Waiter second = signals.register(key);
        WakeupSignals.Waiter other = signals.register(WakeupKey.event("wf", "j"))) {
      signals.fire(key, "\"v1\"");

      assertThat(first.awaitValue(FAR, null, first::takeOffer)).isEqualTo("\"v1\"");
      assertThat(first.takeOffer()).as("taken once").isNull();
      assertThat(second.takeOffer()).isEqualTo("\"v1\"");
      assertThat(other.takeOffer()).isNull();
    }
  }

  /** Registers a receiver on another thread, which looks once (finding nothing) and waits. */
  private CompletableFuture<@Nullable String> waitInBackground(
      long deadline, Supplier<@Nullable String> look) {
    CountDownLatch registered = new CountDownLatch(1);
    CompletableFuture<@Nullable String> received =
        CompletableFuture.supplyAsync(
            () -> {
              receiverThread = Thread.currentThread();
              try (WakeupSignals.Receiver receiver = signals.registerReceiver(KEY, 1)) {
                registered.countDown();
                return receiver.awaitMessage(deadline, null, look);
              }
            });
    await(registered);
    return received;
  }

  private WakeupSignals.Receiver claimWhenParked() throws Exception {
    AtomicReference<WakeupSignals.@Nullable Receiver> claimed = new AtomicReference<>();
    awaitTrue(
        "the receiver parked and was claimed",
        () -> claimed.updateAndGet(c -> c != null ? c : signals.claimReceiver(KEY)) != null);
    return Objects.requireNonNull(claimed.get());
  }

  private static @Nullable String lookFindingNothing(AtomicInteger looks) {
    looks.incrementAndGet();
    return null;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
