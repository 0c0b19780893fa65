package org.dbos4j.internal.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * The token the admin server requires in {@code Authorization: Bearer <token>}. Both sides are
 * hashed before {@link MessageDigest#isEqual} compares them, so the comparison takes the same time
 * whatever the presented value, its length included: timing tells an attacker nothing about how
 * much of a guess was right.
 */
final class BearerToken {
  private static final String SCHEME = "Bearer ";

  private final byte[] expectedDigest;

  BearerToken(String token) {
    this.expectedDigest = sha256(token);
  }

  /** Whether an {@code Authorization} header value carries this token. */
  boolean admits(@Nullable String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    return MessageDigest.isEqual(
        expectedDigest, sha256(authorization.substring(SCHEME.length()).strip()));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
