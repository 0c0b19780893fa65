package org.dbos4j.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one wire form of wake-up keys, and the workflow IDs the fallback poll asks about. */
class WakeupKeyTest {
  @Test
  void aKeyNamedByTheDatabaseEqualsTheKeyBuiltFromItsParts() {
    assertThat(WakeupKey.ofWire(WakeupKey.Kind.MESSAGE, "order-1::confirm"))
        .isEqualTo(WakeupKey.message("order-1", "confirm"))
        .isNotEqualTo(WakeupKey.event("order-1", "confirm"));
    assertThat(WakeupKey.ofWire(WakeupKey.Kind.STATUS, "order-1"))
        .isEqualTo(WakeupKey.status("order-1"));
  }

  @Test
  void everyPrefixBeforeASeparatorMayBeTheWorkflow() {
    assertThat(WakeupKey.message("a::b", "t").candidateWorkflowIds())
        .containsExactly("a::b::t", "a", "a::b");
    assertThat(WakeupKey.event("wf", "k::v").candidateWorkflowIds())
        .containsExactly("wf::k::v", "wf", "wf::k");
  }

  @Test
  void aStatusKeyIsTheWorkflowIdItself() {
    assertThat(WakeupKey.status("a::b").candidateWorkflowIds()).containsExactly("a::b");
  }
}
