package org.dbos4j.internal.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.DBOS;
import org.dbos4j.Step;
import org.dbos4j.Workflow;

/**
 * The application whose system database the command-line tests operate: orders that succeed, fail,
 * wait for a message, start a child, or return a value of the application's own class.
 */
public final class ShopApplication {
  private ShopApplication() {}

  public interface Inventory {
    String reserve(String orderId);

    String charge(String orderId);
  }

  public static final class InventoryImpl implements Inventory {
    final AtomicInteger reserves = new AtomicInteger();
    final AtomicInteger charges = new AtomicInteger();

    @Step
    @Override
    public String reserve(String orderId) {
      reserves.incrementAndGet();
      return "reserved " + orderId;
    }

    @Step
    @Override
    public String charge(String orderId) {
      charges.incrementAndGet();
      return "charged " + orderId;
    }
  }

  public interface Orders {
    String checkout(String orderId);

    String declined(String orderId);

    String awaitApproval(String orderId);

    String bundle(String orderId);

    Receipt receipt(String orderId);
  }

  /** A value of the application's own class, which the command alone cannot rebuild. */
  public record Receipt(String orderId, int items) {}

  public static final class OrdersImpl implements Orders {
    private final Inventory inventory;
    Orders self; // the registered proxy, through which a call starts a child workflow

    OrdersImpl(Inventory inventory) {
      this.inventory = inventory;
    }

    @Workflow
    @Override
    public String checkout(String orderId) {
      inventory.reserve(orderId);
      inventory.charge(orderId);
      return "shipped " + orderId;
    }

    @Workflow
    @Override
    public String declined(String orderId) {
      inventory.reserve(orderId);
      throw new IllegalStateException("card declined for " + orderId);
    }

    @Workflow
    @Override
    public Receipt receipt(String orderId) {
      return new Receipt(orderId, 2);
    }

    @Workflow
    @Override
    public String bundle(String orderId) {
      return self.checkout(orderId + "-part");
    }

    @Workflow
    @Override
    public String awaitApproval(String orderId) {
      String approval = DBOS.recv("approval", Duration.ofHours(1));
      return orderId + " " + approval;
    }
  }
}
