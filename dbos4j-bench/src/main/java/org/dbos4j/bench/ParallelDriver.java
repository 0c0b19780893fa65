package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes many independent calls from a few client threads, as an application's request threads
 * would. One thread would wait out a full commit per call; several let PostgreSQL commit calls of
 * different threads together, which is how a library is used under load.
 */
final class ParallelDriver {

  /** Call {@code index}; it throws if the call did not do what it should. */
  interface IndexedCall {
    void run(int index) throws Exception;
  }

  private final int threads;

  ParallelDriver(int threads) {
    this.threads = threads;
  }

  /** Makes calls 0 to {@code count - 1}, each once, and returns when all are done. */
  void forEach(int count, IndexedCall call) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    call.run(i);
                  }
                  return null;
                }));
      }
      for (Future<?> client : clients) {
        try {
          client.get();
        } catch (ExecutionException e) {
          // Stop the other clients too: after one failure the figure is lost anyway.
          next.set(count);
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
