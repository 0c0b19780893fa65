package org.dbos4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback address in front of the test PostgreSQL server, which the test can
 * take down: every open connection is reset, and new ones are cut off at once, until it comes up
 * again. To the library this looks like a server restart or a network outage.
 */
final class DroppingProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final AtomicInteger cutOff = new AtomicInteger();
  private volatile boolean down;
  private volatile boolean closed;

  /** A proxy to the server of a {@code jdbc:postgresql://host:port} URL. */
  DroppingProxy(String serverUrl) throws IOException {
    URI uri = URI.create(serverUrl.substring("jdbc:".length()));
    this.targetHost = uri.getHost();
    this.targetPort = uri.getPort() < 0 ? 5432 : uri.getPort();
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptUntilClosed, "dropping-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The JDBC URL of {@code database} through this proxy. */
  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/" + database;
  }

  /** Resets every open connection and cuts off new ones until {@link #comeUp}. */
  void goDown() {
    down = true;
    for (Socket s : sockets) {
      reset(s);
    }
  }

  void comeUp() {
    down = false;
  }

  /** How many new connections were cut off while down: the library's attempts to reconnect. */
  int cutOffConnections() {
    return cutOff.get();
  }

  private void acceptUntilClosed() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (down) {
        cutOff.incrementAndGet();
        reset(client);
        continue;
      }
      try {
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // reset by goDown(), or by the other side
              } finally {
                reset(from);
                reset(to);
              }
            },
            "dropping-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Closes with a reset (no orderly FIN), as a dying server or network does. */
  private void reset(Socket s) {
    sockets.remove(s);
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    goDown();
  }
}
