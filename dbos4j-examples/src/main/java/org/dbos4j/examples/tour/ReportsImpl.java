package org.dbos4j.examples.tour;

import org.dbos4j.DBOS;
import org.dbos4j.RequiredRoles;
import org.dbos4j.Workflow;

/** The tour's reports: admins by default, auditors too for the monthly one. */
// tour:start reports-impl
@RequiredRoles({"admin"}) // the default for the class's workflows, steps and transactions
public class ReportsImpl implements Reports {
  @Workflow
  @RequiredRoles({"auditor", "admin"}) // a method's own list overrides the class's
  @Override
  public String monthly(String month) {
    // the caller's identity, recorded with the workflow and restored if it is recovered
    return month + " for " + DBOS.authenticatedUser() + " as " + DBOS.assumedRole();
  }
}
// tour:end reports-impl
