package org.dbos4j.internal.execution;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The default executor of background and recovered workflows, and of the async operations: one
 * virtual thread per task on Java 21+, found by reflection so that the library runs on Java 17.
 *
 * <p>On Java 17 every task gets a platform thread at once, a new one if none is idle (idle ones end
 * after a minute). A fixed pool would deadlock: workflows block (in a child's {@code getResult},
 * {@code recv}, {@code sleep}), and once every thread of the pool is blocked, the children and
 * sends they wait for queue behind them forever. A blocked platform thread costs its stack's
 * touched pages (tens of KiB), so thousands of waiting workflows fit in little memory; tens of
 * thousands want Java 21's virtual threads.
 */
public final class WorkflowThreads {
  /** How long an idle Java 17 thread lives before it ends. */
  private static final long IDLE_SECONDS = 60;

  private WorkflowThreads() {}

  /** True if this JVM offers virtual threads. */
  public static boolean virtualThreadsAvailable() {
    return virtualThreadFactoryMethod() != null;
  }

  public static ExecutorService newDefaultExecutor() {
    Method factory = virtualThreadFactoryMethod();
    if (factory != null) {
      try {
        return (ExecutorService) factory.invoke(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall back to platform threads
      }
    }
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        IDLE_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        new DaemonThreadFactory());
  }

  private static @Nullable Method virtualThreadFactoryMethod() {
    try {
      return java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static final class DaemonThreadFactory implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "dbos4j-workflow-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
