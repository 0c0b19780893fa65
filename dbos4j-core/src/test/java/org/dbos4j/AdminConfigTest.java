package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin server's settings in {@link DBOSConfig}: defaults, validation, environment, secrecy.
 */
class AdminConfigTest {
  @Test
  void theServerIsOffAndWouldListenOnLoopbackWithoutAToken() {
    DBOSConfig config = DBOSConfig.builder().appName("orders").build();

    assertThat(config.adminPort()).isZero();
    assertThat(config.adminHost()).isEqualTo("127.0.0.1");
    assertThat(config.adminToken()).isNull();
  }

  @Test
  void theEnvironmentSetsHostAndToken() {
    DBOSConfig config =
        DBOSConfig.fromEnvironment(
            Map.of(
                "DBOS_APP_NAME", "orders",
                "DBOS_ADMIN_PORT", "3001",
                "DBOS_ADMIN_HOST", "0.0.0.0",
                "DBOS_ADMIN_TOKEN", "tok-123"));

    assertThat(config.adminPort()).isEqualTo(3001);
    assertThat(config.adminHost()).isEqualTo("0.0.0.0");
    assertThat(config.adminToken()).isEqualTo("tok-123");
  }

  @Test
  void blankHostOrTokenVariablesCountAsUnset() {
    DBOSConfig config =
        DBOSConfig.fromEnvironment(
            Map.of("DBOS_APP_NAME", "orders", "DBOS_ADMIN_HOST", " ", "DBOS_ADMIN_TOKEN", ""));

    assertThat(config.adminHost()).isEqualTo("127.0.0.1");
    assertThat(config.adminToken()).isNull();
  }

  @Test
  void buildRefusesABlankHostOrToken() {
    assertThatThrownBy(() -> DBOSConfig.builder().appName("a").adminHost(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adminHost");
    assertThatThrownBy(() -> DBOSConfig.builder().appName("a").adminToken("  ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adminToken");
  }

  @Test
  void toStringShowsTheHostButNeverTheToken() {
    DBOSConfig config =
        DBOSConfig.builder()
            .appName("a")
            .adminPort(3001)
            .adminHost("10.0.0.7")
            .adminToken("tok-XYZ-987")
            .build();

    assertThat(config.toString())
        .contains("adminHost=10.0.0.7")
        .contains("adminToken=****")
        .doesNotContain("tok-XYZ-987");
  }
}
