package org.dbos4j;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a registered implementation as a transaction: it runs as one database
 * transaction on the application database ({@link DBOSConfig#databaseUrl()} or {@link
 * DBOSConfig.Builder#dataSource}), on the connection that {@link DBOS#sqlSession()} returns.
 * Returning normally commits; an exception rolls back and is rethrown. A serialization failure or
 * deadlock (SQLSTATE 40001, 40P01; a busy SQLite file) rolls back and runs the method again, after
 * a random pause that starts at 1-2 ms and doubles with each conflict up to 1 s, 20 attempts at
 * most. The method may thus run more than once before one run commits: effects outside the database
 * (e-mails, HTTP calls) belong in steps.
 *
 * <p>Called from a workflow, the transaction's output (or exception) is written to the application
 * database's {@code transaction_outputs} table in the same transaction as the method's SQL: both
 * commit, or neither does. A recovering workflow gets the recorded output instead of running the
 * method again, so its effects happen exactly once, even across crashes. Called from anywhere else
 * it simply runs as a transaction.
 *
 * <p>Inside a transaction, {@code recv}, {@code sleep}, starting workflows and calling another
 * transaction throw {@link DBOSException}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Transaction {
  /** The transaction's name; empty means {@code <implementation class simple name>.<method>}. */
  String name() default "";

  /** The isolation level; serializable by default. */
  Isolation isolation() default Isolation.SERIALIZABLE;
}
