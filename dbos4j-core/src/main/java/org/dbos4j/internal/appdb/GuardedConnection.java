package org.dbos4j.internal.appdb;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import org.dbos4j.DBOSException;
import org.jspecify.annotations.Nullable;

/**
 * The connection {@code DBOS.sqlSession()} hands to a transaction: the transaction's own, except
 * that it cannot end the transaction or leave it. dbos4j commits with the recorded outcome when the
 * method returns, and rolls back when it throws; a commit, rollback, close or switch to auto-commit
 * by the method would break that promise. A rollback to a savepoint stays allowed: it ends nothing.
 */
final class GuardedConnection implements InvocationHandler {
  private static final Set<String> REFUSED = Set.of("commit", "rollback", "close", "setAutoCommit");

  private final Connection connection;
  private final String transactionName;

  private GuardedConnection(Connection connection, String transactionName) {
    this.connection = connection;
    this.transactionName = transactionName;
  }

  /** {@code connection}, guarded, for the transaction {@code transactionName}. */
  static Connection of(Connection connection, String transactionName) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new GuardedConnection(connection, transactionName));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args)
      throws Throwable {
    String name = method.getName();
    if (REFUSED.contains(name) && !(name.equals("rollback") && args != null)) {
      throw new DBOSException(
          "Connection."
              + name
              + "() is not allowed on DBOS.sqlSession(): transaction '"
              + transactionName
              + "' commits when its method returns and rolls back when it throws");
    }
    if (method.getDeclaringClass() == Object.class) {
      switch (name) {
        case "equals":
          return args != null && proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "DBOS.sqlSession() of transaction '" + transactionName + "'";
      }
    }
    try {
      return method.invoke(connection, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
