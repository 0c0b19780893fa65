package org.dbos4j.internal.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that speaks PostgreSQL's wire protocol up to the end of a login, and refuses every
 * password as a PostgreSQL server with password authentication does: it asks for the password in
 * clear text, records it, and answers with the server's error {@code 28P01}. Unlike PostgreSQL, its
 * message repeats the password, as a careless server or driver might, to show that the command
 * masks it anyway.
 *
 * <p>Why not the test PostgreSQL server: it trusts every connection from 127.0.0.1 (its {@code
 * pg_hba.conf}), so it accepts any password and cannot show what a refused one prints. The driver
 * and the command are the real ones; only the other end of the socket is this.
 */
final class PasswordRefusingServer implements AutoCloseable {
  private static final int SSL_REQUEST = 80877103;
  private static final int AUTHENTICATION_CLEARTEXT_PASSWORD = 3;

  private final ServerSocket socket;
  private final Thread acceptor;
  private final List<String> passwordsReceived = new CopyOnWriteArrayList<>();

  PasswordRefusingServer() throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "password-refusing-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The URL of database {@code name} on this server. */
  String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/" + name;
  }

  /** The passwords clients sent, in order: proof that a login was tried with them. */
  List<String> passwordsReceived() {
    return List.copyOf(passwordsReceived);
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        refuseLogin(
            new DataInputStream(client.getInputStream()),
            new DataOutputStream(client.getOutputStream()));
      } catch (IOException e) {
        // the client went away, or the server was closed: wait for the next one, or end
      }
    }
  }

  private void refuseLogin(DataInputStream in, DataOutputStream out) throws IOException {
    int length = in.readInt();
    int code = in.readInt();
    if (code == SSL_REQUEST) {
      out.writeByte('N'); // no TLS here: the client goes on in plain text
      out.flush();
      length = in.readInt();
      code = in.readInt();
    }
    String user = startupParameter(in.readNBytes(length - 8), "user");
    out.writeByte('R');
    out.writeInt(8);
    out.writeInt(AUTHENTICATION_CLEARTEXT_PASSWORD);
    out.flush();
    if (in.readByte() != 'p') {
      return;
    }
    byte[] received = in.readNBytes(in.readInt() - 4);
    String password = new String(received, 0, received.length - 1, StandardCharsets.UTF_8);
    passwordsReceived.add(password);
    byte[] fields =
        ("SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \""
                + user
                + "\" with password '"
                + password
                + "'\0\0")
            .getBytes(StandardCharsets.UTF_8);
    out.writeByte('E');
    out.writeInt(4 + fields.length);
    out.write(fields);
    out.flush();
  }

  /** A parameter of a startup message's body: name and value pairs of C strings. */
  private static String startupParameter(byte[] body, String name) {
    String[] parts = new String(body, StandardCharsets.UTF_8).split("\0");
    for (int i = 0; i + 1 < parts.length; i += 2) {
      if (parts[i].equals(name)) {
        return parts[i + 1];
      }
    }
    return "";
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
