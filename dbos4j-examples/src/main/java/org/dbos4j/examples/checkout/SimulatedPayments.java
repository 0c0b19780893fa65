package org.dbos4j.examples.checkout;

import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.Step;

/** A payment provider that is flaky on purpose: the first charge attempt times out. */
public final class SimulatedPayments implements Payments {
  private final AtomicInteger chargeAttempts = new AtomicInteger();

  /** How many times this process tried to charge a card. */
  int chargeAttempts() {
    return chargeAttempts.get();
  }

  @Step
  @Override
  public int reserveStock(String sku, int quantity) {
    Narrator.say("  [step] reserving {} x {}", quantity, sku);
    return 100 - quantity;
  }

  @Step(retries = 3, intervalMillis = 200, backoff = 2.0)
  @Override
  public String chargeCard(String orderId, long amountCents) {
    int attempt = chargeAttempts.incrementAndGet();
    if (attempt == 1) {
      Narrator.say("  [step] charging {} cents: the provider timed out, retrying", amountCents);
      throw new IllegalStateException("payment provider timed out");
    }
    Narrator.say("  [step] charging {} cents: accepted on attempt {}", amountCents, attempt);
    return "pay-" + orderId;
  }

  @Step
  @Override
  public void sendReceipt(String orderId, String paymentId) {
    Narrator.say("  [step] e-mailing the receipt for {} ({})", orderId, paymentId);
  }
}
