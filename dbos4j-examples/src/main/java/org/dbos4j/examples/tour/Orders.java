package org.dbos4j.examples.tour;

import java.sql.SQLException;

// tour:start orders
public interface Orders {
  String checkout(String orderId) throws SQLException;
}
// tour:end orders
