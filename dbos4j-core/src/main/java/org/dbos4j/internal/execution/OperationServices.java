package org.dbos4j.internal.execution;

import java.util.concurrent.Executor;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * What the durable context operations ({@code send}/{@code recv}, events, {@code sleep}) share:
 * checkpoints, durable deadlines, wake-up signals, the JSON codec, the time source, and the
 * executor that runs their async forms.
 */
public record OperationServices(
    OperationOutputsDao operations,
    DurableDeadlines deadlines,
    WakeupSignals signals,
    JsonCodec codec,
    TimeSource time,
    Executor executor) {

  /** Serializes a message or event value, whatever its class (read back as {@code Object}). */
  String write(@Nullable Object value) {
    return codec.write(value, codec.objectType());
  }

  /** Reads a message or event value written by {@link #write}; null stays null. */
  @Nullable Object read(@Nullable String json) {
    return json == null ? null : codec.read(json, codec.objectType());
  }
}
