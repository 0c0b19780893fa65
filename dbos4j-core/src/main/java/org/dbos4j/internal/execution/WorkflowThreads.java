package org.dbos4j.internal.execution;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The default executor of background and recovered workflows: one virtual thread per workflow on
 * Java 21+, found by reflection so that the library runs on Java 17, where a bounded pool of daemon
 * threads is used instead.
 */
public final class WorkflowThreads {
  /** Size of the Java 17 pool: workflows mostly wait on the database, so far more than cores. */
  static final int PLATFORM_POOL_SIZE = 128;

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
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            PLATFORM_POOL_SIZE,
            PLATFORM_POOL_SIZE,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new DaemonThreadFactory());
    pool.allowCoreThreadTimeOut(true);
    return pool;
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
