package org.dbos4j.examples.tour;

/** Reports only some users may run: the tour's example of identity and roles. */
// tour:start reports
public interface Reports {
  String monthly(String month);
}
// tour:end reports
