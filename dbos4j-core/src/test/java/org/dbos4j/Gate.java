package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A point in a workflow where executions wait until the test opens it, or until {@link
 * DBOS#shutdown()} interrupts them, which leaves their workflows PENDING for the next launch to
 * recover. Tests wait for arrivals instead of sleeping.
 */
final class Gate {
  static final long TIMEOUT_SECONDS = 20;

  private final CountDownLatch arrived;
  private final CountDownLatch opened = new CountDownLatch(1);

  /** A closed gate expecting {@code parties} arrivals. */
  Gate(int parties) {
    this.arrived = new CountDownLatch(parties);
  }

  /** A gate that lets everything through. */
  static Gate opened() {
    Gate gate = new Gate(0);
    gate.open();
    return gate;
  }

  /** Called by the code under test: arrives and waits until the gate opens. */
  void pass() {
    arrived.countDown();
    try {
      if (!opened.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the gate was never opened");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException("interrupted at the gate (DBOS is shutting down)", e);
    }
  }

  /** Waits until every expected party has arrived. */
  void awaitArrivals() throws InterruptedException {
    assertThat(arrived.await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .as("all parties arrived at the gate")
        .isTrue();
  }

  void open() {
    opened.countDown();
  }
}
