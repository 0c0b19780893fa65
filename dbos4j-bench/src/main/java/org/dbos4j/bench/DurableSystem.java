package org.dbos4j.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One durable-workflow library, set up with the same workflows, so that the workload loops are
 * written once and both libraries are timed by identical code.
 */
interface DurableSystem extends AutoCloseable {

  /** The {@code system=} label of this library's result lines. */
  String name();

  /**
   * The database on the benchmark's PostgreSQL server that holds this library's system database,
   * for figures read from the server's side (W7); empty if the system database is elsewhere (an
   * SQLite file).
   */
  Optional<String> serverDatabase();

  /** Resets the library's system database, registers the workflows and launches the library. */
  void launch() throws Exception;

  /** Runs a workflow with no steps to completion; it returns {@link #EMPTY_RESULT}. */
  int runEmptyWorkflow();

  /**
   * Runs a workflow of {@code steps} checkpointed steps, step {@code i} returning {@code i}, to
   * completion; it returns the sum of what its steps returned.
   */
  long runStepsWorkflow(int steps);

  /**
   * W4: starts a workflow that receives {@code count} messages on {@link #PING_TOPIC}, each one's
   * index, stamping each in {@link #stamps()} the moment {@code recv} returns it. It returns the
   * number of messages received.
   */
  StartedWorkflow startReceiver(String workflowId, int count);

  /**
   * W5: starts a workflow that, {@code count} times, receives a message on {@link #NEXT_TOPIC},
   * stamps {@code i} in {@link #stamps()} and sets event {@link #eventKey eventKey(i)} to {@code
   * i}. It returns the number of events set.
   */
  StartedWorkflow startEventPublisher(String workflowId, int count);

  /**
   * W7: starts a workflow that waits up to {@code timeout} for one message on {@link #WAKE_TOPIC}
   * and returns it.
   */
  StartedWorkflow startWaiter(String workflowId, Duration timeout);

  /**
   * W3, W3b: enqueues on {@code queue} (registered at launch, see {@link QueueBenchmark#queues}) a
   * workflow that runs one step, which returns {@code index}; returns once it is enqueued.
   */
  void enqueueOneStep(String queue, String workflowId, int index);

  /**
   * W10: the IDs of the newest {@code limit} workflows (only ERROR ones if {@code errorsOnly}),
   * newest first, through the library's {@code listWorkflows} without inputs and outputs.
   */
  List<String> newestWorkflowIds(int limit, boolean errorsOnly);

  /** Sends {@code message} from outside any workflow. */
  void send(String destinationId, int message, String topic);

  /** The value of event {@code key} of a workflow, from outside any workflow; empty on timeout. */
  OptionalInt getEvent(String workflowId, String key, Duration timeout);

  /** Where this library's workflows stamp the moments W4 and W5 measure from or to. */
  ArrivalStamps stamps();

  @Override
  void close();

  int EMPTY_RESULT = 42;
  String PING_TOPIC = "ping";
  String NEXT_TOPIC = "next";
  String WAKE_TOPIC = "wake";

  /**
   * How long a W4 or W5 workflow waits for its next message; far beyond any sample, so it only ends
   * a workflow whose driver has given up.
   */
  Duration MESSAGE_WAIT = Duration.ofSeconds(60);

  static long expectedStepSum(int steps) {
    return (long) steps * (steps - 1) / 2;
  }

  static String eventKey(int index) {
    return "k" + index;
  }

  /** A received message as an int: each library's serializer may hand a number back as any type. */
  static int messageValue(Object message, String what) {
    if (message == null) {
      throw new IllegalStateException(what + " timed out");
    }
    return ((Number) message).intValue();
  }
}
