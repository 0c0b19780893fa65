package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DBOSConfig#fromEnvironment()} on a map of variables, and the default system database. */
class ConfigFromEnvironmentTest {

  private static Map<String, String> env(String... namesAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }

  @Test
  void everyVariableSetsItsProperty() {
    DBOSConfig config =
        DBOSConfig.fromEnvironment(
            env(
                "DBOS_APP_NAME", "orders",
                "DBOS_SYSTEM_DATABASE_URL", "jdbc:postgresql://db:5432/orders_dbos_sys",
                "DBOS_DATABASE_URL", "jdbc:postgresql://db:5432/orders",
                "DBOS_DATABASE_USER", "alice",
                "DBOS_DATABASE_PASSWORD", "s3cret",
                "DBOS__APPVERSION", "1.2.3",
                "DBOS__VMID", "vm-7",
                "DBOS_ADMIN_PORT", "3001"));

    assertThat(config.appName()).isEqualTo("orders");
    assertThat(config.systemDatabaseUrl()).isEqualTo("jdbc:postgresql://db:5432/orders_dbos_sys");
    assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/orders");
    assertThat(config.user()).isEqualTo("alice");
    assertThat(config.password()).isEqualTo("s3cret");
    assertThat(config.appVersion()).isEqualTo("1.2.3");
    assertThat(config.executorId()).isEqualTo("vm-7");
    assertThat(config.adminPort()).isEqualTo(3001);
  }

  @Test
  void onlyTheAppNameIsRequiredAndTheRestKeepsTheBuilderDefaults() {
    DBOSConfig config = DBOSConfig.fromEnvironment(env("DBOS_APP_NAME", "orders"));

    assertThat(config.appName()).isEqualTo("orders");
    assertOnlyTheAppNameIsSet(config);
    assertThat(config.systemDatabasePoolSize()).isEqualTo(DBOSConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void blankVariablesCountAsUnset() {
    DBOSConfig config =
        DBOSConfig.fromEnvironment(
            env(
                "DBOS_APP_NAME", "orders",
                "DBOS_SYSTEM_DATABASE_URL", "",
                "DBOS_DATABASE_URL", " ",
                "DBOS_DATABASE_USER", "",
                "DBOS_DATABASE_PASSWORD", "",
                "DBOS__APPVERSION", "\t",
                "DBOS__VMID", "",
                "DBOS_ADMIN_PORT", ""));

    assertOnlyTheAppNameIsSet(config);
  }

  @Test
  void otherVariablesAreIgnored() {
    DBOSConfig config =
        DBOSConfig.fromEnvironment(
            env("DBOS_APP_NAME", "orders", "PGUSER", "bob", "DBOS_EXECUTOR_ID", "other"));

    assertThat(config.user()).isNull();
    assertThat(config.executorId()).isEqualTo("local");
  }

  @Test
  void aMissingAppNameIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> DBOSConfig.fromEnvironment(env("DBOS__VMID", "vm-7")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DBOS_APP_NAME is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void aBlankAppNameIsRejectedNamingTheVariable(String blank) {
    assertThatThrownBy(() -> DBOSConfig.fromEnvironment(env("DBOS_APP_NAME", blank)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DBOS_APP_NAME is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "65536", "30.5", "99999999999"})
  void aBadAdminPortIsRejectedNamingTheVariableTheValueAndTheRange(String bad) {
    assertThatThrownBy(
            () -> DBOSConfig.fromEnvironment(env("DBOS_APP_NAME", "a", "DBOS_ADMIN_PORT", bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DBOS_ADMIN_PORT")
        .hasMessageContaining("'" + bad + "'")
        .hasMessageContaining("between 0 (off) and 65535");
  }

  @ParameterizedTest
  @CsvSource({"0,0", "65535,65535", "' 8080 ',8080"})
  void adminPortAcceptsTheWholeRangeAndSurroundingSpaces(String value, int port) {
    DBOSConfig config =
        DBOSConfig.fromEnvironment(env("DBOS_APP_NAME", "a", "DBOS_ADMIN_PORT", value));

    assertThat(config.adminPort()).isEqualTo(port);
  }

  @Test
  void theBuilderDefaultsTheSystemDatabaseToASqliteFileNamedAfterTheApp() {
    DBOSConfig config = DBOSConfig.builder().appName("orders-v2_final.x").build();

    assertThat(config.systemDatabaseUrl()).isEqualTo("jdbc:sqlite:orders-v2_final.x.sqlite");
  }

  @Test
  void aConfiguredSystemDatabaseReplacesTheDefault() {
    DBOSConfig config =
        DBOSConfig.builder().appName("orders").systemDatabaseUrl("jdbc:sqlite:/tmp/x.db").build();

    assertThat(config.systemDatabaseUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "my app|jdbc:sqlite:my_app.sqlite",
        "../etc/passwd|jdbc:sqlite:.._etc_passwd.sqlite",
        "C:\\temp\\x|jdbc:sqlite:C__temp_x.sqlite",
        "a?mode=memory|jdbc:sqlite:a_mode_memory.sqlite",
        "caf\u00e9|jdbc:sqlite:caf_.sqlite",
        "Orders-1_2.3|jdbc:sqlite:Orders-1_2.3.sqlite"
      })
  void theDefaultFileNameKeepsOnlySafeCharacters(String appName, String url) {
    assertThat(DBOSConfig.builder().appName(appName).build().systemDatabaseUrl()).isEqualTo(url);
    assertThat(DBOSConfig.fromEnvironment(env("DBOS_APP_NAME", appName)).systemDatabaseUrl())
        .isEqualTo(url);
  }

  @Test
  void theRealEnvironmentIsReadWithoutFailingWhenTheAppNameIsSet() {
    String appName = System.getenv("DBOS_APP_NAME");
    if (appName == null || appName.isBlank()) {
      assertThatThrownBy(DBOSConfig::fromEnvironment)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DBOS_APP_NAME");
    } else {
      assertThat(DBOSConfig.fromEnvironment().appName()).isEqualTo(appName);
    }
  }

  @Test
  void toStringHidesThePasswordFromTheEnvironment() {
    DBOSConfig config =
        DBOSConfig.fromEnvironment(
            env("DBOS_APP_NAME", "orders", "DBOS_DATABASE_PASSWORD", "s3cret"));

    assertThat(config.toString()).doesNotContain("s3cret").contains("password=****");
  }

  /** With app name "orders" set, every other setting from the environment keeps its default. */
  private static void assertOnlyTheAppNameIsSet(DBOSConfig config) {
    assertThat(config.systemDatabaseUrl()).isEqualTo("jdbc:sqlite:orders.sqlite");
    assertThat(config.databaseUrl()).isNull();
    assertThat(config.user()).isNull();
    assertThat(config.password()).isNull();
    assertThat(config.appVersion()).isNull();
    assertThat(config.executorId()).isEqualTo("local");
    assertThat(config.adminPort()).isZero();
  }
}
