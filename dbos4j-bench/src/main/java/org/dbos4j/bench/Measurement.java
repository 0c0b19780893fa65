package org.dbos4j.bench;

/**
 * One figure being measured, for one system and one workload, in blocks: one block per round, the
 * samples of all blocks pooled into the reported figure. Blocks of different systems alternate in
 * time, so a slow spell of the database lands on all of them rather than on whichever ran then.
 */
interface Measurement {

  /** The {@code system=} label of the figures, and the unit that is dropped if a block fails. */
  String system();

  /** The {@code workload=} label of the figures. */
  String workload();

  /** Unmeasured calls, run once before the first round. */
  void warmUp() throws Exception;

  /** Runs the block of round {@code round} (from 0) and returns its median in µs for progress. */
  double runBlock(int round) throws Exception;

  /** Records the figures pooled over all blocks run so far. */
  void report(Results results);
}
