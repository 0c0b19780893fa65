package org.dbos4j.bench;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * W5: from just before a workflow calls {@code setEvent} to the return of a {@code getEvent} that
 * was already waiting for that event outside any workflow. One publisher workflow per block sets
 * one event per {@link DurableSystem#NEXT_TOPIC} message; for each, the driver starts {@code
 * getEvent} on a second thread, lets it park, then sends the message that releases the event.
 */
final class EventLatencyMeasurement extends WorkflowLatencyMeasurement {
  /** Time for the waiting thread to look once, find nothing and park: one query, no commit. */
  static final Duration PARK_PAUSE = Duration.ofMillis(2);

  private static final Duration START_PAUSE = Duration.ofMillis(50);

  EventLatencyMeasurement(DurableSystem library, int warmup, int iterations, int rounds) {
    super(library, "W5", warmup, iterations, rounds);
  }

  /** Has a new publisher set {@code count} events, adding each latency to {@code into}. */
  @Override
  void measure(String workflowId, int count, LatencySamples into) throws Exception {
    ArrivalStamps stamps = library.stamps();
    stamps.clear();
    ExecutorService waiterThread = Executors.newSingleThreadExecutor();
    try {
      StartedWorkflow publisher = library.startEventPublisher(workflowId, count);
      Thread.sleep(START_PAUSE.toMillis());
      for (int i = 0; i < count; i++) {
        long sample = awaitOneEvent(waiterThread, workflowId, i, stamps);
        if (into != null) {
          into.add(sample);
        }
      }
      int published = publisher.result();
      if (published != count) {
        throw new IllegalStateException("publisher set " + published + " events, not " + count);
      }
    } finally {
      waiterThread.shutdownNow();
    }
  }

  private long awaitOneEvent(
      ExecutorService waiterThread, String workflowId, int index, ArrivalStamps stamps)
      throws Exception {
    CountDownLatch aboutToWait = new CountDownLatch(1);
    Future<Long> returnedAt =
        waiterThread.submit(
            () -> {
              aboutToWait.countDown();
              OptionalInt value =
                  library.getEvent(
                      workflowId, DurableSystem.eventKey(index), DurableSystem.MESSAGE_WAIT);
              long now = System.nanoTime();
              if (value.isEmpty() || value.getAsInt() != index) {
                throw new IllegalStateException("getEvent of event " + index + " got " + value);
              }
              return now;
            });
    aboutToWait.await();
    Thread.sleep(PARK_PAUSE.toMillis());
    library.send(workflowId, index, DurableSystem.NEXT_TOPIC);
    long setAt = stamps.await(index, DurableSystem.MESSAGE_WAIT);
    return returnedAt.get(DurableSystem.MESSAGE_WAIT.toSeconds(), TimeUnit.SECONDS) - setAt;
  }
}
