package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Threads waiting outside workflows are released by shutdown() with an error, not left parked. */
@BothBackends
class ShutdownWakesWaitersTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  @Test
  void aGetEventWaitingOutsideAnyWorkflowFailsWhenDbosShutsDown() throws Exception {
    DBOS.configure(db.config().build());
    DBOS.launch();
    CompletableFuture<Object> waiting =
        CompletableFuture.supplyAsync(
            () -> DBOS.getEvent("no-such-workflow", "key", Duration.ofMinutes(10)));
    Messaging.awaitParked(1);

    DBOS.shutdown();

    ExecutionException failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
    assertThat(failure.getCause()).isInstanceOf(DBOSException.class);
  }
}
