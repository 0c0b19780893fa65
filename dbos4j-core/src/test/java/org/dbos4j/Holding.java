package org.dbos4j;

/** The workflow of a {@link QueueProbe}. */
public interface Holding {
  /** Counts itself running under {@code key} until it may finish; returns {@code id}. */
  String hold(String id, String key);
}
