package org.dbos4j.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The default application version: a hash of the bytecode of the registered implementation classes,
 * so that the same build always gets the same version and recovery never replays a workflow with
 * code other than the code that recorded it.
 */
public final class AppVersion {
  private AppVersion() {}

  public static String of(List<Class<?>> classes) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    classes.stream()
        .sorted(Comparator.comparing(Class::getName))
        .forEach(
            c -> {
              digest.update(c.getName().getBytes(StandardCharsets.UTF_8));
              digest.update(bytecode(c));
            });
    return HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  private static byte[] bytecode(Class<?> c) {
    String resource = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = c.getResourceAsStream(resource)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
