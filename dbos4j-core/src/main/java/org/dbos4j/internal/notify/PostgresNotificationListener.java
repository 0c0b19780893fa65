package org.dbos4j.internal.notify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection per process that LISTENs to the channels the system tables' triggers notify, and
 * fires the matching {@link WakeupSignals} (or, for a cancelled workflow, hands the notice to
 * {@link CancellationNotices}). It waits on the socket, so an idle process sends no queries. When
 * the connection breaks it reconnects and wakes every waiter, since notifications may have been
 * lost meanwhile.
 */
public final class PostgresNotificationListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresNotificationListener.class);
  private static final int RECEIVE_TIMEOUT_MILLIS = 500;
  private static final long FIRST_RECONNECT_PAUSE_MILLIS = 100;
  private static final long MAX_RECONNECT_PAUSE_MILLIS = 5000;

  static final String MESSAGES_CHANNEL = "dbos_notifications_channel";
  static final String EVENTS_CHANNEL = "dbos_workflow_events_channel";
  static final String STATUS_CHANNEL = "dbos_workflow_status_channel";
  static final String CANCEL_CHANNEL = "dbos_workflow_cancel_channel";

  private final String url;
  private final Properties credentials;
  private final WakeupSignals signals;
  private final CancellationNotices cancellations;
  private final Map<String, ChannelSubscriber> subscribers = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile @Nullable Connection connection;

  public PostgresNotificationListener(
      String url,
      @Nullable String user,
      @Nullable String password,
      WakeupSignals signals,
      CancellationNotices cancellations) {
    this.url = url;
    this.credentials = new Properties();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    this.signals = signals;
    this.cancellations = cancellations;
    this.thread = new Thread(this::run, "dbos4j-notification-listener");
    thread.setDaemon(true);
  }

  /** Also listens to {@code channel}, for {@code subscriber}; only before {@link #start()}. */
  public void subscribe(String channel, ChannelSubscriber subscriber) {
    subscribers.put(channel, subscriber);
  }

  /** Connects and LISTENs before returning, so that no notification after launch is missed. */
  public void start() throws SQLException {
    connection = listen();
    thread.start();
  }

  private Connection listen() throws SQLException {
    Connection c = DriverManager.getConnection(url, credentials);
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + MESSAGES_CHANNEL);
      st.execute("LISTEN " + EVENTS_CHANNEL);
      st.execute("LISTEN " + STATUS_CHANNEL);
      st.execute("LISTEN " + CANCEL_CHANNEL);
      for (String channel : subscribers.keySet()) {
        st.execute("LISTEN " + channel);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void run() {
    long pause = FIRST_RECONNECT_PAUSE_MILLIS;
    while (!closed) {
      Connection c = connection;
      try {
        if (c == null) {
          c = listen();
          connection = c;
          if (pause > FIRST_RECONNECT_PAUSE_MILLIS) {
            log.info("notification connection restored");
          }
          pause = FIRST_RECONNECT_PAUSE_MILLIS;
          signals.fireAll();
          subscribers.values().forEach(ChannelSubscriber::mayHaveMissed);
        }
        PGNotification[] received =
            c.unwrap(PGConnection.class).getNotifications(RECEIVE_TIMEOUT_MILLIS);
        if (received != null) {
          dispatch(received);
        }
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        if (pause == FIRST_RECONNECT_PAUSE_MILLIS) { // once per outage
          log.warn("notification connection failed ({}); reconnecting", e.getMessage());
        } else {
          log.debug("notification connection still failing ({})", e.getMessage());
        }
        closeQuietly(c);
        connection = null;
        sleep(pause);
        pause = Math.min(MAX_RECONNECT_PAUSE_MILLIS, pause * 2);
      }
    }
  }

  /**
   * Fires the keys of the notifications received together; their cancels go to {@link
   * CancellationNotices} together too (a cancelled tree of workflows notifies each of them).
   */
  private void dispatch(PGNotification[] received) {
    List<String> cancelled = new ArrayList<>();
    for (PGNotification n : received) {
      String payload = n.getParameter();
      switch (n.getName()) {
        case MESSAGES_CHANNEL -> signals.fire(WakeupKey.ofWire(WakeupKey.Kind.MESSAGE, payload));
        case EVENTS_CHANNEL -> signals.fire(WakeupKey.ofWire(WakeupKey.Kind.EVENT, payload));
        case STATUS_CHANNEL -> signals.fire(WakeupKey.ofWire(WakeupKey.Kind.STATUS, payload));
        case CANCEL_CHANNEL -> cancelled.add(payload);
        default -> {
          ChannelSubscriber subscriber = subscribers.get(n.getName());
          if (subscriber != null) {
            subscriber.notified(payload);
          } else {
            log.debug("ignoring notification on channel {}", n.getName());
          }
        }
      }
    }
    if (!cancelled.isEmpty()) {
      cancellations.cancelled(cancelled);
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(connection);
    try {
      thread.join(2 * RECEIVE_TIMEOUT_MILLIS + 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing a broken connection: nothing left to do
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
