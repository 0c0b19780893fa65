package org.dbos4j.examples.checkout;

import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.Step;

/** A simulated shop whose payment provider is flaky on purpose: the first charge times out. */
public final class SimulatedShop implements Shop {
  private final AtomicInteger stock = new AtomicInteger(100);
  private final AtomicInteger chargeAttempts = new AtomicInteger();

  /** How many times this process tried to charge a card. */
  int chargeAttempts() {
    return chargeAttempts.get();
  }

  @Step
  @Override
  public int reserveStock(String sku, int quantity) {
    int left = stock.addAndGet(-quantity);
    Narrator.say("  [step] reserved {} x {}, {} left", quantity, sku, left);
    return left;
  }

  @Step
  @Override
  public int releaseStock(String sku, int quantity) {
    int left = stock.addAndGet(quantity);
    Narrator.say("  [step] released {} x {}, {} left", quantity, sku, left);
    return left;
  }

  // Up to 4 attempts, 200 ms then 400 ms then 800 ms apart; only the successful one is recorded.
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
  public void sendReceipt(String orderId, String paymentId, String trackingNumber) {
    Narrator.say(
        "  [step] e-mailing the receipt for {} (payment {}, tracking {})",
        orderId,
        paymentId,
        trackingNumber);
  }

  @Step
  @Override
  public void sendReviewReminder(String orderId) {
    Narrator.say("  [step] e-mailing a reminder: how do you like {}?", orderId);
  }
}
