package org.dbos4j.internal.sysdb;

/**
 * Where callers outside this package found {@link #redact}; the URL code now lives in {@link
 * org.dbos4j.internal.db.DatabaseUrls}, which they should import instead.
 */
public final class DatabaseUrls {
  private DatabaseUrls() {}

  /** The URL with any password parameter masked, fit for messages and logs. */
  public static String redact(String url) {
    return org.dbos4j.internal.db.DatabaseUrls.redact(url);
  }
}
