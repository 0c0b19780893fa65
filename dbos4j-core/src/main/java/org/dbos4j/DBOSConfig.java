package org.dbos4j;

import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.dbos4j.internal.db.DatabaseUrls;
import org.dbos4j.internal.lifecycle.EnvironmentVariables;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of dbos4j, built with {@link #builder()} or read from {@code DBOS_*}
 * environment variables with {@link #fromEnvironment()}. {@link Builder#build()} checks that
 * required fields are present and values are in range; URLs and credentials are checked by {@link
 * DBOS#launch()}. {@link #toString()} never shows the password.
 */
public final class DBOSConfig {
  /** The size of each database pool (system and application) when none is configured. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** The fallback poll interval used when none is configured. */
  public static final Duration DEFAULT_FALLBACK_POLL_INTERVAL = Duration.ofSeconds(5);

  /** Default of {@link #adminHost()}: the admin server answers only this machine. */
  public static final String DEFAULT_ADMIN_HOST = "127.0.0.1";

  /** Default of {@link #systemDatabaseOutageTimeout()}. */
  public static final Duration DEFAULT_SYSTEM_DATABASE_OUTAGE_TIMEOUT = Duration.ofMinutes(5);

  private final String appName;
  private final String systemDatabaseUrl;
  private final @Nullable String databaseUrl;
  private final @Nullable DataSource dataSource;
  private final int databasePoolSize;
  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable String appVersion;
  private final String executorId;
  private final int adminPort;
  private final String adminHost;
  private final @Nullable String adminToken;
  private final int systemDatabasePoolSize;
  private final @Nullable ExecutorService executor;
  private final List<Class<?>> serializableTypes;
  private final List<String> serializablePackages;
  private final Clock clock;
  private final Duration fallbackPollInterval;
  private final Duration systemDatabaseOutageTimeout;
  private final @Nullable OpenTelemetry openTelemetry;

  private DBOSConfig(Builder b) {
    this.appName = Objects.requireNonNull(b.appName);
    this.systemDatabaseUrl =
        b.systemDatabaseUrl != null ? b.systemDatabaseUrl : defaultSystemDatabaseUrl(appName);
    this.databaseUrl = b.databaseUrl;
    this.dataSource = b.dataSource;
    this.databasePoolSize = b.databasePoolSize;
    this.user = b.user;
    this.password = b.password;
    this.appVersion = b.appVersion;
    this.executorId = b.executorId;
    this.adminPort = b.adminPort;
    this.adminHost = b.adminHost;
    this.adminToken = b.adminToken;
    this.systemDatabasePoolSize = b.systemDatabasePoolSize;
    this.executor = b.executor;
    this.serializableTypes = List.copyOf(b.serializableTypes);
    this.serializablePackages = List.copyOf(b.serializablePackages);
    this.clock = b.clock;
    this.fallbackPollInterval = b.fallbackPollInterval;
    this.systemDatabaseOutageTimeout = b.systemDatabaseOutageTimeout;
    this.openTelemetry = b.openTelemetry;
  }

  /** A builder with every optional field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the configuration from these environment variables; an empty or blank variable counts as
   * unset, and {@link #builder()}'s defaults apply to everything not listed.
   *
   * <table>
   *   <caption>Environment variables</caption>
   *   <tr><th>Variable</th><th>Sets</th><th>When unset</th></tr>
   *   <tr><td>{@code DBOS_APP_NAME}</td><td>{@link Builder#appName(String)}</td>
   *       <td>required: {@code fromEnvironment()} fails</td></tr>
   *   <tr><td>{@code DBOS_SYSTEM_DATABASE_URL}</td><td>{@link Builder#systemDatabaseUrl(String)}, a
   *       JDBC URL</td><td>a SQLite file named after the application (see {@link
   *       #systemDatabaseUrl()})</td></tr>
   *   <tr><td>{@code DBOS_DATABASE_URL}</td><td>{@link Builder#databaseUrl(String)}, a JDBC
   *       URL</td><td>no application database</td></tr>
   *   <tr><td>{@code DBOS_DATABASE_USER}</td><td>{@link Builder#user(String)}</td>
   *       <td>none: the JDBC driver's default</td></tr>
   *   <tr><td>{@code DBOS_DATABASE_PASSWORD}</td><td>{@link Builder#password(String)}</td>
   *       <td>none</td></tr>
   *   <tr><td>{@code DBOS__APPVERSION}</td><td>{@link Builder#appVersion(String)}</td>
   *       <td>a hash of the registered code</td></tr>
   *   <tr><td>{@code DBOS__VMID}</td><td>{@link Builder#executorId(String)}</td>
   *       <td>{@code "local"}</td></tr>
   *   <tr><td>{@code DBOS_ADMIN_PORT}</td><td>{@link Builder#adminPort(int)}, 0 (off) to
   *       65535</td><td>0, no admin server</td></tr>
   *   <tr><td>{@code DBOS_ADMIN_HOST}</td><td>{@link Builder#adminHost(String)}</td>
   *       <td>{@code 127.0.0.1}</td></tr>
   *   <tr><td>{@code DBOS_ADMIN_TOKEN}</td><td>{@link Builder#adminToken(String)}</td>
   *       <td>none: the admin server asks for no token</td></tr>
   * </table>
   *
   * <p>The application name, both URLs, the version and the executor ID use the names DBOS reads in
   * its other languages and sets in DBOS Cloud, so a deployment moved from there keeps working; the
   * URLs here are JDBC URLs, though ({@code jdbc:postgresql://host:5432/name}).
   *
   * @throws IllegalArgumentException if {@code DBOS_APP_NAME} is unset or a value is invalid; the
   *     message names the variable, its value and what is allowed
   */
  public static DBOSConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** {@link #fromEnvironment()} from the given variables instead of the process's environment. */
  static DBOSConfig fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    String appName = EnvironmentVariables.value(env, EnvironmentVariables.APP_NAME);
    if (appName == null) {
      throw new IllegalArgumentException(
          EnvironmentVariables.APP_NAME
              + " is not set; DBOSConfig.fromEnvironment() requires it to name the application");
    }
    b.appName(appName);
    ifSet(env, EnvironmentVariables.SYSTEM_DATABASE_URL, b::systemDatabaseUrl);
    ifSet(env, "DBOS_DATABASE_URL", b::databaseUrl);
    ifSet(env, EnvironmentVariables.DATABASE_USER, b::user);
    ifSet(env, EnvironmentVariables.DATABASE_PASSWORD, b::password);
    ifSet(env, "DBOS__APPVERSION", b::appVersion);
    ifSet(env, "DBOS__VMID", b::executorId);
    String adminPort = EnvironmentVariables.value(env, "DBOS_ADMIN_PORT");
    if (adminPort != null) {
      b.adminPort(port("DBOS_ADMIN_PORT", adminPort));
    }
    ifSet(env, "DBOS_ADMIN_HOST", b::adminHost);
    ifSet(env, "DBOS_ADMIN_TOKEN", b::adminToken);
    return b.build();
  }

  private static void ifSet(Map<String, String> env, String name, Consumer<String> setter) {
    String value = EnvironmentVariables.value(env, name);
    if (value != null) {
      setter.accept(value);
    }
  }

  private static int port(String name, String value) {
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the allowed range
    }
    throw new IllegalArgumentException(
        name + " must be an integer between 0 (off) and 65535, got '" + value + "'");
  }

  /**
   * The SQLite URL described at {@link #systemDatabaseUrl()}. Only safe characters are kept, so the
   * file stays in the working directory whatever the name holds ({@code /}, {@code \}, {@code :}).
   */
  static String defaultSystemDatabaseUrl(String appName) {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < appName.length(); i++) {
      char c = appName.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      file.append(safe ? c : '_');
    }
    return "jdbc:sqlite:" + file + ".sqlite";
  }

  /** The application's name. */
  public String appName() {
    return appName;
  }

  /**
   * JDBC URL of the system database, where workflow state is kept. With no system database
   * configured, the default is a SQLite file named after the application in the working directory:
   * {@code jdbc:sqlite:<appName>.sqlite}, where characters of the name other than ASCII letters,
   * digits, {@code -}, {@code _} and {@code .} become {@code _} (app {@code "my app"} uses {@code
   * jdbc:sqlite:my_app.sqlite}).
   */
  public String systemDatabaseUrl() {
    return systemDatabaseUrl;
  }

  /**
   * JDBC URL of the application database, where {@link Transaction} methods run: {@code
   * jdbc:postgresql://host[:port]/database} (created by {@code launch()} if missing) or {@code
   * jdbc:sqlite:<file>} (it may be the system database's file). Null if none, or if {@link
   * #dataSource()} is given instead. It is reached as {@link #user()} with {@link #password()}
   * unless the URL names its own ({@code ?user=...&password=...}).
   */
  public @Nullable String databaseUrl() {
    return databaseUrl;
  }

  /**
   * The application's own data source for the application database, used instead of {@link
   * #databaseUrl()} (a Spring or Jakarta EE program already has one); null if none. dbos4j borrows
   * connections from it and never closes it.
   */
  public @Nullable DataSource dataSource() {
    return dataSource;
  }

  /** Maximum number of connections to the application database at {@link #databaseUrl()}. */
  public int databasePoolSize() {
    return databasePoolSize;
  }

  /** Database user for both URLs. */
  public @Nullable String user() {
    return user;
  }

  /** Database password for both URLs. */
  public @Nullable String password() {
    return password;
  }

  /** The application version; null means a hash of the registered code. */
  public @Nullable String appVersion() {
    return appVersion;
  }

  /** This process's executor ID: {@code launch()} recovers the pending workflows of this ID. */
  public String executorId() {
    return executorId;
  }

  /** Port of the admin HTTP server; 0 means off. */
  public int adminPort() {
    return adminPort;
  }

  /**
   * The host name or IP address the admin HTTP server listens on: {@value #DEFAULT_ADMIN_HOST} by
   * default, so that only this machine reaches it; {@code 0.0.0.0} for every interface.
   */
  public String adminHost() {
    return adminHost;
  }

  /**
   * The bearer token the admin HTTP server requires ({@code Authorization: Bearer <token>}) on
   * every endpoint but the health check; null (the default) requires none.
   */
  public @Nullable String adminToken() {
    return adminToken;
  }

  /** Maximum number of connections to the system database. */
  public int systemDatabasePoolSize() {
    return systemDatabasePoolSize;
  }

  /**
   * The executor that runs workflows started in the background and recovered workflows; null means
   * virtual threads on Java 21+ and a bounded pool on Java 17.
   */
  public @Nullable ExecutorService executor() {
    return executor;
  }

  /**
   * Classes that may be rebuilt from recorded JSON when no method signature names them, besides the
   * always-allowed JDK value types, records and enums.
   */
  public List<Class<?>> serializableTypes() {
    return serializableTypes;
  }

  /** Packages whose classes may be rebuilt from recorded JSON (prefix match on the name). */
  public List<String> serializablePackages() {
    return serializablePackages;
  }

  /**
   * The clock of timestamps, durable deadlines and every wait (sleep, retry pauses, timeouts of
   * {@code recv} and {@code getEvent}, the fallback poll).
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The OpenTelemetry whose tracer records the spans of workflows, steps and transactions; null
   * (the default) means {@code GlobalOpenTelemetry}, taken once the application has set it. With
   * neither an SDK nor a global instance, tracing is off and costs nothing.
   */
  public @Nullable OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * How often the one process-wide fallback poll looks for awaited messages, events and results
   * whose notification was lost; a lost notification delays a waiter by at most this much.
   */
  public Duration fallbackPollInterval() {
    return fallbackPollInterval;
  }

  /**
   * How long an operation waits for the system database while it cannot be reached (connection lost
   * or refused, server restarting) before it fails. Meanwhile workflows pause at their next
   * checkpoint and carry on once the database answers; one that still fails for this reason is
   * resumed by this process when the database is back.
   */
  public Duration systemDatabaseOutageTimeout() {
    return systemDatabaseOutageTimeout;
  }

  @Override
  public String toString() {
    return "DBOSConfig[appName="
        + appName
        + ", systemDatabaseUrl="
        + DatabaseUrls.redact(systemDatabaseUrl)
        + ", databaseUrl="
        + (databaseUrl == null ? null : DatabaseUrls.redact(databaseUrl))
        + (dataSource == null ? "" : ", dataSource=" + dataSource.getClass().getName())
        + ", user="
        + user
        + ", password="
        + (password == null ? "null" : "****")
        + ", appVersion="
        + appVersion
        + ", executorId="
        + executorId
        + ", adminPort="
        + adminPort
        + ", adminHost="
        + adminHost
        + ", adminToken="
        + (adminToken == null ? "null" : "****")
        + ", systemDatabasePoolSize="
        + systemDatabasePoolSize
        + "]";
  }

  /** Builds a {@link DBOSConfig}; only {@link #appName(String)} is required. */
  public static final class Builder {
    private @Nullable String appName;
    private @Nullable String systemDatabaseUrl;
    private @Nullable String databaseUrl;
    private @Nullable DataSource dataSource;
    private int databasePoolSize = DEFAULT_POOL_SIZE;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable String appVersion;
    private String executorId = "local";
    private int adminPort;
    private String adminHost = DEFAULT_ADMIN_HOST;
    private @Nullable String adminToken;
    private int systemDatabasePoolSize = DEFAULT_POOL_SIZE;
    private @Nullable ExecutorService executor;
    private final java.util.ArrayList<Class<?>> serializableTypes = new java.util.ArrayList<>();
    private final java.util.ArrayList<String> serializablePackages = new java.util.ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration fallbackPollInterval = DEFAULT_FALLBACK_POLL_INTERVAL;
    private Duration systemDatabaseOutageTimeout = DEFAULT_SYSTEM_DATABASE_OUTAGE_TIMEOUT;
    private @Nullable OpenTelemetry openTelemetry;

    private Builder() {}

    public Builder appName(String appName) {
      this.appName = appName;
      return this;
    }

    /** See {@link DBOSConfig#systemDatabaseUrl()}; a SQLite file named after the app by default. */
    public Builder systemDatabaseUrl(String url) {
      this.systemDatabaseUrl = url;
      return this;
    }

    /** See {@link DBOSConfig#databaseUrl()}; none by default. */
    public Builder databaseUrl(String url) {
      this.databaseUrl = url;
      return this;
    }

    /** See {@link DBOSConfig#dataSource()}; none by default. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Maximum number of application database connections, 1 to 1000; default {@value
     * DBOSConfig#DEFAULT_POOL_SIZE}.
     */
    public Builder databasePoolSize(int size) {
      this.databasePoolSize = size;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public Builder appVersion(String appVersion) {
      this.appVersion = appVersion;
      return this;
    }

    public Builder executorId(String executorId) {
      this.executorId = executorId;
      return this;
    }

    /** See {@link DBOSConfig#adminPort()}; 0 to 65535, default 0 (no admin server). */
    public Builder adminPort(int adminPort) {
      this.adminPort = adminPort;
      return this;
    }

    /** See {@link DBOSConfig#adminHost()}; default {@value DBOSConfig#DEFAULT_ADMIN_HOST}. */
    public Builder adminHost(String adminHost) {
      this.adminHost = Objects.requireNonNull(adminHost, "adminHost");
      return this;
    }

    /** See {@link DBOSConfig#adminToken()}; none by default. */
    public Builder adminToken(String adminToken) {
      this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
      return this;
    }

    /**
     * Maximum number of system database connections, 1 to 1000; default {@value
     * DBOSConfig#DEFAULT_POOL_SIZE}.
     */
    public Builder systemDatabasePoolSize(int size) {
      this.systemDatabasePoolSize = size;
      return this;
    }

    /** Runs background and recovered workflows on this executor instead of the default one. */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Allows these classes to be rebuilt from recorded JSON (see {@link #serializableTypes()}). */
    public Builder serializableTypes(Class<?>... types) {
      for (Class<?> type : types) {
        serializableTypes.add(Objects.requireNonNull(type, "type"));
      }
      return this;
    }

    /** Allows the classes of these packages (and their subpackages) to be rebuilt from JSON. */
    public Builder serializablePackages(String... packages) {
      for (String p : packages) {
        serializablePackages.add(SettingRules.packageName(p));
      }
      return this;
    }

    /** See {@link DBOSConfig#clock()}; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** See {@link DBOSConfig#fallbackPollInterval()}; 100 ms to 1 hour, default 5 s. */
    public Builder fallbackPollInterval(Duration interval) {
      this.fallbackPollInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** See {@link DBOSConfig#systemDatabaseOutageTimeout()}; 0 to 1 day, default 5 minutes. */
    public Builder systemDatabaseOutageTimeout(Duration timeout) {
      this.systemDatabaseOutageTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** See {@link DBOSConfig#openTelemetry()}; {@code GlobalOpenTelemetry} by default. */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Checks required fields and ranges.
     *
     * @throws IllegalArgumentException naming the first bad property and what is allowed
     */
    public DBOSConfig build() {
      requireText("appName", appName);
      requireText("executorId", executorId);
      if (systemDatabaseUrl != null) {
        requireText("systemDatabaseUrl", systemDatabaseUrl);
      }
      if (databaseUrl != null) {
        requireText("databaseUrl", databaseUrl);
        if (dataSource != null) {
          throw new IllegalArgumentException(
              "databaseUrl and dataSource are both set; the application database is one of them");
        }
      }
      SettingRules.poolSize("databasePoolSize", databasePoolSize);
      if (adminPort < 0 || adminPort > 65535) {
        throw new IllegalArgumentException(
            "adminPort must be between 0 (off) and 65535, got " + adminPort);
      }
      requireText("adminHost", adminHost);
      if (adminToken != null && adminToken.isBlank()) {
        throw new IllegalArgumentException(
            "adminToken must not be blank; leave it unset for an admin server without a token");
      }
      SettingRules.poolSize("systemDatabasePoolSize", systemDatabasePoolSize);
      SettingRules.pollInterval("fallbackPollInterval", fallbackPollInterval);
      if (systemDatabaseOutageTimeout.isNegative()
          || systemDatabaseOutageTimeout.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "systemDatabaseOutageTimeout must be between 0 and 1 day, got "
                + systemDatabaseOutageTimeout);
      }
      return new DBOSConfig(this);
    }

    private static void requireText(String property, @Nullable String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(property + " is required and must not be blank");
      }
    }
  }
}
