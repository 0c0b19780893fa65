package org.dbos4j.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Binding by type: a {@link NullOf} goes into a numeric column where a text null cannot. */
class StatementsTest {
  private static final String INSERT =
      "INSERT INTO dbos.typed (id, big, small, label) VALUES (?, ?, ?, ?)";

  private ScratchDatabase db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private void migrate(Backend backend) throws SQLException {
    db = ScratchDatabase.fresh(backend, StatementsTest.class);
    db.migrate(
        """
        CREATE TABLE dbos.typed (id TEXT PRIMARY KEY, big BIGINT, small INTEGER, label TEXT);
        """);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void typedNullsGoIntoBigintAndIntegerColumnsAndPlainNullIntoText(Backend backend)
      throws Exception {
    migrate(backend);
    try (Connection c = db.connect()) {
      assertThat(Statements.update(c, INSERT, "nulls", NullOf.BIGINT, NullOf.INTEGER, null))
          .isEqualTo(1);
      assertThat(Statements.update(c, INSERT, "values", 1L << 40, 7, "x")).isEqualTo(1);

      assertThat(row(c, "nulls")).containsExactly(null, null, null);
      assertThat(row(c, "values")).containsExactly(1L << 40, 7L, "x");
    }
  }

  @Test
  void postgresRefusesATextNullInABigintColumn() throws Exception {
    migrate(Backend.POSTGRES);
    try (Connection c = db.connect()) {
      assertThatThrownBy(() -> Statements.update(c, INSERT, "text null", null, null, null))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("is of type bigint but expression is of type character varying");
    }
  }

  /** The row's big, small and label columns, numbers as longs. */
  private static List<Object> row(Connection c, String id) throws SQLException {
    return Statements.query(
        c,
        "SELECT big, small, label FROM dbos.typed WHERE id = ?",
        rs -> {
          assertThat(rs.next()).isTrue();
          List<Object> values = new ArrayList<>();
          long big = rs.getLong(1);
          values.add(rs.wasNull() ? null : big);
          long small = rs.getLong(2);
          values.add(rs.wasNull() ? null : small);
          values.add(rs.getString(3));
          return values;
        },
        id);
  }
}
