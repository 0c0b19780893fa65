package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link EnqueueOptions.Builder#build()} checks every value, naming the property it refuses. */
class EnqueueOptionsTest {
  private static EnqueueOptions.Builder options() {
    return EnqueueOptions.builder("Orders.checkout", "payments");
  }

  @Test
  void defaults() {
    EnqueueOptions o = options().build();
    assertThat(o.workflowName()).isEqualTo("Orders.checkout");
    assertThat(o.queueName()).isEqualTo("payments");
    assertThat(o.workflowId()).isNull();
    assertThat(o.className()).isNull();
    assertThat(o.instanceName()).isEmpty();
    assertThat(o.appVersion()).isNull();
    assertThat(o.priority()).isZero();
    assertThat(o.deduplicationId()).isNull();
    assertThat(o.partitionKey()).isNull();
    assertThat(o.delay()).isEqualTo(Duration.ZERO);
    assertThat(o.timeout()).isNull();
  }

  @Test
  void everyOptionIsKept() {
    EnqueueOptions o =
        options()
            .workflowId("id")
            .className("com.shop.OrdersImpl")
            .instanceName("eu")
            .appVersion("v1")
            .priority(3)
            .deduplicationId("d")
            .partitionKey("k")
            .delay(Duration.ofSeconds(2))
            .timeout(Duration.ofMinutes(1))
            .build();
    assertThat(o.workflowId()).isEqualTo("id");
    assertThat(o.className()).isEqualTo("com.shop.OrdersImpl");
    assertThat(o.instanceName()).isEqualTo("eu");
    assertThat(o.appVersion()).isEqualTo("v1");
    assertThat(o.priority()).isEqualTo(3);
    assertThat(o.deduplicationId()).isEqualTo("d");
    assertThat(o.partitionKey()).isEqualTo("k");
    assertThat(o.delay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void badValuesAreRefusedNamingTheProperty() {
    assertRefused(EnqueueOptions.builder(" ", "q"), "workflowName");
    assertRefused(EnqueueOptions.builder("w", ""), "queueName");
    assertRefused(options().workflowId(" "), "workflowId");
    assertRefused(options().className(""), "className");
    assertRefused(options().appVersion(" "), "appVersion");
    assertRefused(options().deduplicationId(""), "deduplicationId");
    assertRefused(options().partitionKey(""), "partitionKey");
    assertRefused(options().priority(-1), "priority");
    assertRefused(options().delay(Duration.ofSeconds(-1)), "delay");
    assertRefused(options().timeout(Duration.ZERO), "timeout");
    assertThatThrownBy(() -> EnqueueOptions.builder(null, "q"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("workflowName");
  }

  private static void assertRefused(EnqueueOptions.Builder builder, String property) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(property);
  }
}
