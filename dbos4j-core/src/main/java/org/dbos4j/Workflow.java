package org.dbos4j;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a registered implementation as a durable workflow: its input, the outputs of
 * its steps and its result are checkpointed, and after a crash it resumes from its last completed
 * step.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Workflow {
  /** The workflow's name; empty means {@code <implementation class simple name>.<method>}. */
  String name() default "";
}
