package org.dbos4j.internal.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dbos4j.DBOSException;

/** Reading and rewriting database URLs: redacting any, taking PostgreSQL ones apart. */
public final class DatabaseUrls {
  private static final Pattern POSTGRES =
      Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

  private DatabaseUrls() {}

  /** The URL with any password parameter masked, fit for messages and logs. */
  public static String redact(String url) {
    return PASSWORD.matcher(url).replaceAll("$1****");
  }

  /** The database name of a PostgreSQL URL. */
  public static String databaseName(String url) {
    return match(url).group(2);
  }

  /** The URL of the {@code postgres} maintenance database on the same server. */
  public static String maintenanceUrl(String url) {
    Matcher m = match(url);
    return m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
  }

  private static Matcher match(String url) {
    Matcher m = POSTGRES.matcher(url);
    if (!m.matches() || m.group(2).isEmpty()) {
      throw new DBOSException(
          "Database URL "
              + redact(url)
              + " is not of the form jdbc:postgresql://host[:port]/database[?parameters]");
    }
    return m;
  }

  /** Quotes an SQL identifier. */
  static String quoteIdentifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
