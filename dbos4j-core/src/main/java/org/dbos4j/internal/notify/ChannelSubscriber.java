package org.dbos4j.internal.notify;

/**
 * Receives the notifications of a channel that no {@link WakeupKey} stands for, such as the queue
 * channel that the queue dispatcher listens to.
 */
public interface ChannelSubscriber {
  /** A notification with {@code payload} arrived on the channel. */
  void notified(String payload);

  /** The listening connection broke and is back: notifications may have been lost meanwhile. */
  void mayHaveMissed();
}
