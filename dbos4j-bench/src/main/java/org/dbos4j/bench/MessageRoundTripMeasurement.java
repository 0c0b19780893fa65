package org.dbos4j.bench;

import java.time.Duration;

/**
 * W4: from the moment {@code send} is called to the moment the receiving workflow's {@code recv}
 * returns the message. Each block starts one receiver workflow that takes the whole block's
 * messages; the driver sends one message at a time and waits for it to arrive, then gives the
 * receiver time to park in its next {@code recv}, so every sample is a wake-up from an idle wait
 * rather than a message found already waiting.
 */
final class MessageRoundTripMeasurement extends WorkflowLatencyMeasurement {
  /**
   * Time for the receiver to get back into {@code recv} and park after a message, or after it
   * started. A few database round trips; if it were not yet parked, the sample would only come out
   * shorter.
   */
  static final Duration PARK_PAUSE = Duration.ofMillis(5);

  private static final Duration START_PAUSE = Duration.ofMillis(50);

  MessageRoundTripMeasurement(DurableSystem library, int warmup, int iterations, int rounds) {
    super(library, "W4", warmup, iterations, rounds);
  }

  /** Sends {@code count} messages to a new receiver, adding each round trip to {@code into}. */
  @Override
  void measure(String workflowId, int count, LatencySamples into) throws Exception {
    ArrivalStamps stamps = library.stamps();
    stamps.clear();
    StartedWorkflow receiver = library.startReceiver(workflowId, count);
    Thread.sleep(START_PAUSE.toMillis());
    for (int i = 0; i < count; i++) {
      Thread.sleep(PARK_PAUSE.toMillis());
      long sentAt = System.nanoTime();
      library.send(workflowId, i, DurableSystem.PING_TOPIC);
      long receivedAt = stamps.await(i, DurableSystem.MESSAGE_WAIT);
      if (into != null) {
        into.add(receivedAt - sentAt);
      }
    }
    int received = receiver.result();
    if (received != count) {
      throw new IllegalStateException("receiver got " + received + " messages, expected " + count);
    }
  }
}
