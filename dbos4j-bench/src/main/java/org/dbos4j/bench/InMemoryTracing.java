package org.dbos4j.bench;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.dbos4j.DBOSConfig;

/**
 * {@code --tracing on}: dbos4j traces with the OpenTelemetry SDK, every span sampled and handed on
 * the calling thread to an in-memory exporter. This prices the spans themselves (building, ending,
 * exporting into a list), not a network exporter's batching.
 */
final class InMemoryTracing {
  private InMemoryTracing() {}

  static void configure(BenchOptions options, DBOSConfig.Builder config) {
    if (!options.tracing()) {
      return;
    }
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    config.openTelemetry(
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build());
  }
}
