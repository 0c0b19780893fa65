package org.dbos4j;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a registered implementation as a step: called from a workflow, it runs at most
 * until it succeeds once and its output is checkpointed, so a recovering workflow gets the recorded
 * output instead of running it again.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {
  /** The step's name; empty means {@code <implementation class simple name>.<method>}. */
  String name() default "";

  /** How many times a failed attempt is retried; 0 means one attempt only. */
  int retries() default 0;

  /** Pause before the first retry, in milliseconds. */
  long intervalMillis() default 1000;

  /** Factor by which the pause grows after each retry (at least 1.0). */
  double backoff() default 2.0;
}
