package org.dbos4j.internal.serialize;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Socket addresses of HTTP clients, built without a DNS lookup. */
public final class SocketAddresses {
  /**
   * A dotted IPv4 address, or an IPv6 one (with a colon, maybe bracketed or scoped): literals that
   * {@link InetAddress#getByName} parses without a DNS lookup.
   */
  private static final Pattern IP_LITERAL =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*(%[\\w.-]+)?]?");

  private SocketAddresses() {}

  /**
   * The address of {@code host} and {@code port}: resolved if the host is an IP literal (which
   * needs no lookup), else unresolved, so that no thread waits for DNS.
   */
  public static InetSocketAddress withoutLookup(String host, int port) {
    if (IP_LITERAL.matcher(host).matches()) {
      try {
        return new InetSocketAddress(InetAddress.getByName(host), port);
      } catch (UnknownHostException e) {
        // not a literal after all: kept unresolved below
      }
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
