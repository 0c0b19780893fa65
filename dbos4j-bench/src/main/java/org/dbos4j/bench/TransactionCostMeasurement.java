package org.dbos4j.bench;

import java.util.Arrays;

/**
 * W8: the cost of one transaction that inserts one row, measured like W2 measures a step: one long
 * loop of transactions per round (in dbos4j, one workflow running them), so that what the loop
 * itself costs is spread too thin to matter. The figure is the median over rounds of the loop's
 * time divided by its transactions.
 */
final class TransactionCostMeasurement implements Measurement {

  /** Runs {@code count} transactions, the {@code i}-th inserting row {@code firstId + i}. */
  interface Transactions {
    /**
     * @return the rows inserted
     */
    int insertRows(long firstId, int count) throws Exception;
  }

  private final String system;
  private final Transactions transactions;
  private final int count;
  private final int warmupLoops;
  private final long[] nanosPerTransaction;
  private int measured;
  private long nextId;

  TransactionCostMeasurement(
      String system, Transactions transactions, int count, int warmupLoops, int rounds) {
    this.system = system;
    this.transactions = transactions;
    this.count = count;
    this.warmupLoops = warmupLoops;
    this.nanosPerTransaction = new long[rounds];
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public String workload() {
    return "W8";
  }

  @Override
  public void warmUp() throws Exception {
    for (int i = 0; i < warmupLoops; i++) {
      runLoop();
    }
  }

  @Override
  public double runBlock(int round) throws Exception {
    long begin = System.nanoTime();
    runLoop();
    long elapsed = System.nanoTime() - begin;
    nanosPerTransaction[measured++] = elapsed / count;
    return elapsed / (double) count / 1_000.0;
  }

  // A row count check keeps a broken or short-circuited loop from posting a flattering time.
  private void runLoop() throws Exception {
    int inserted = transactions.insertRows(nextId, count);
    nextId += count;
    if (inserted != count) {
      throw new IllegalStateException(
          "transactions inserted " + inserted + " rows, expected " + count);
    }
  }

  @Override
  public void report(Results results) {
    if (measured == 0) {
      return;
    }
    Stats stats = Stats.ofNanos(Arrays.copyOf(nanosPerTransaction, measured));
    results.record(system, "W8", "us_per_txn", stats.medianMicros());
  }
}
