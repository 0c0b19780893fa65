package org.dbos4j.internal.lifecycle;

/**
 * A part of the runtime with work to do at {@code launch()} and {@code shutdown()}. The runtime
 * starts its subsystems in the order it lists them and stops them in the reverse order, so a part
 * starts after, and stops before, the parts it uses. A new subsystem (a queue dispatcher, a
 * scheduler, the admin server) is one more entry in that list, not an edit of the others.
 */
interface Subsystem {
  /** What the subsystem is, for errors and logs. */
  String name();

  /** Starts the subsystem; a failure stops the launch, and the parts started before it. */
  void start() throws Exception;

  /** Stops the subsystem; it must not throw, so that every later part stops too. */
  void stop();

  /** A subsystem of two actions. */
  static Subsystem of(String name, Action start, Runnable stop) {
    return new Subsystem() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void start() throws Exception {
        start.run();
      }

      @Override
      public void stop() {
        stop.run();
      }
    };
  }

  /** A subsystem with nothing to do at launch. */
  static Subsystem stoppedBy(String name, Runnable stop) {
    return of(name, () -> {}, stop);
  }

  /** An action that may fail. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }
}
