package org.dbos4j.internal.sysdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.PostgresEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned, idempotent schema migrations of the system database, one list for each {@link Engine},
 * since the two differ in types, triggers and index syntax. Each launch applies the migrations
 * newer than the recorded version in one transaction, holding a lock (an advisory lock on
 * PostgreSQL, the file's write lock on SQLite) so that processes launching at the same time apply
 * each migration once. The two lists keep the same versions: version {@code n} brings the same
 * tables on both.
 */
public final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  private static final String MIGRATIONS_TABLE = "dbos4j_migrations";

  /*
   * Version 3: the W3C trace context of a workflow's first span, so that its recovery continues the
   * trace. Not in DBOS's layout, which keeps no trace context; DBOS's tools ignore the column.
   */
  private static final String TRACE_CONTEXT =
      "ALTER TABLE dbos.workflow_status ADD COLUMN trace_context TEXT;";

  /*
   * Version 4: the processes running workflows. Each launched process holds a lease row it renews;
   * each workflow records the process that runs it, so that a workflow is recovered only once its
   * process is gone. Same text on both engines.
   */
  private static final String PROCESSES =
      """
      CREATE TABLE dbos.dbos4j_processes (
        process_id TEXT PRIMARY KEY,
        executor_id TEXT NOT NULL,
        application_version TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        renewed_at BIGINT NOT NULL
      );
      ALTER TABLE dbos.workflow_status ADD COLUMN process_id TEXT;
      """;

  /*
   * Version 5, cancellation: an index to find a workflow's children (a cancel walks down the tree of its
   * descendants).
   */
  private static final String CHILDREN_INDEX =
      """
      CREATE INDEX workflow_status_parent_index ON dbos.workflow_status (parent_workflow_id)
        WHERE parent_workflow_id IS NOT NULL;
      """;

  /*
   * On PostgreSQL, every change of a row to CANCELLED, whoever writes it (dbos4j, another tool, an
   * operator's SQL), notifies the workflow's ID, so that a process running it stops it at once.
   * The WHEN clause keeps the trigger off the hot path: an AFTER trigger whose condition is false
   * queues no event and calls no function, so ordinary completions pay one comparison.
   */
  private static final String CANCEL_TRIGGER =
      """
      CREATE FUNCTION dbos.workflow_cancel_function() RETURNS TRIGGER AS $$
      BEGIN
        PERFORM pg_notify('dbos_workflow_cancel_channel', NEW.workflow_uuid);
        RETURN NEW;
      END;
      $$ LANGUAGE plpgsql;
      CREATE TRIGGER dbos_workflow_cancel_trigger AFTER UPDATE OF status ON dbos.workflow_status
        FOR EACH ROW WHEN (NEW.status = 'CANCELLED' AND OLD.status IS DISTINCT FROM 'CANCELLED')
        EXECUTE FUNCTION dbos.workflow_cancel_function();
      """;

  /*
   * Queues: the indexes of dispatch, each partial, so that workflows started directly (no
   * queue_name) never enter them. ENQUEUED rows in dequeue order (FIFO within a priority; queue_seq
   * breaks ties within a millisecond in insertion order), also per partition key; PENDING rows of
   * each queue (its concurrency); the start times of each queue's rows (its rate limit); DELAYED
   * rows by due time.
   */
  private static final String QUEUE_INDEXES =
      """
      ALTER TABLE dbos.workflow_status ADD COLUMN queue_seq BIGINT;
      CREATE INDEX %1$sworkflow_status_enqueued_index ON %2$s
        (queue_name, priority, created_at, queue_seq) WHERE status = 'ENQUEUED';
      CREATE INDEX %1$sworkflow_status_enqueued_partition_index ON %2$s
        (queue_name, queue_partition_key, priority, created_at, queue_seq)
        WHERE status = 'ENQUEUED' AND queue_partition_key IS NOT NULL;
      CREATE INDEX %1$sworkflow_status_queue_pending_index ON %2$s
        (queue_name, queue_partition_key) WHERE status = 'PENDING' AND queue_name IS NOT NULL;
      CREATE INDEX %1$sworkflow_status_queue_started_index ON %2$s
        (queue_name, started_at_epoch_ms) WHERE queue_name IS NOT NULL;
      CREATE INDEX %1$sworkflow_status_delayed_index ON %2$s
        (queue_name, delay_until_epoch_ms) WHERE status = 'DELAYED';
      """;

  /*
   * Version 6 on PostgreSQL: queues. queue_seq comes from a sequence, set only for rows with a
   * queue. A NOTIFY on dbos_queue_channel tells the dispatchers of all processes that a queue may
   * have work: a workflow enqueued, made ENQUEUED again, or leaving PENDING (a slot freed); or that
   * one was enqueued DELAYED, with its due time (the payload's form is QueueNotice's). The WHEN
   * clauses keep workflows without a queue to one comparison each.
   */
  private static final String QUEUES_POSTGRES =
      QUEUE_INDEXES.formatted("", "dbos.workflow_status")
          + """
          CREATE SEQUENCE dbos.workflow_status_queue_seq;
          CREATE FUNCTION dbos.queue_seq_function() RETURNS TRIGGER AS $$
          BEGIN
            NEW.queue_seq := nextval('dbos.workflow_status_queue_seq');
            RETURN NEW;
          END;
          $$ LANGUAGE plpgsql;
          CREATE TRIGGER dbos_queue_seq_trigger BEFORE INSERT ON dbos.workflow_status
            FOR EACH ROW WHEN (NEW.queue_name IS NOT NULL)
            EXECUTE FUNCTION dbos.queue_seq_function();
          CREATE FUNCTION dbos.queue_function() RETURNS TRIGGER AS $$
          BEGIN
            PERFORM pg_notify('dbos_queue_channel',
              CASE WHEN NEW.status = 'DELAYED' THEN NEW.delay_until_epoch_ms::text ELSE '' END
                || ':' || NEW.queue_name);
            RETURN NEW;
          END;
          $$ LANGUAGE plpgsql;
          CREATE TRIGGER dbos_queue_insert_trigger AFTER INSERT ON dbos.workflow_status
            FOR EACH ROW WHEN (NEW.status IN ('ENQUEUED', 'DELAYED'))
            EXECUTE FUNCTION dbos.queue_function();
          CREATE TRIGGER dbos_queue_update_trigger AFTER UPDATE OF status ON dbos.workflow_status
            FOR EACH ROW WHEN (NEW.queue_name IS NOT NULL AND OLD.status IS DISTINCT FROM NEW.status
              AND (NEW.status = 'ENQUEUED' OR OLD.status = 'PENDING'))
            EXECUTE FUNCTION dbos.queue_function();
          """;

  /** Version 6 on SQLite: queues; queue_seq is the rowid, in insertion order. */
  private static final String QUEUES_SQLITE =
      QUEUE_INDEXES.formatted("dbos.", "workflow_status")
          + """
          CREATE TRIGGER dbos.workflow_status_queue_seq AFTER INSERT ON workflow_status
            WHEN NEW.queue_name IS NOT NULL
          BEGIN
            UPDATE workflow_status SET queue_seq = NEW.rowid WHERE rowid = NEW.rowid;
          END;
          """;

  /*
   * Version 7, management: listing by time reads an index in the listing's whole order (the ID
   * breaks ties of time, so that pages are stable), with no sort, and so does listing the workflows
   * that failed or were cancelled, which operators look for; the index on those is partial, so that
   * the workflows that start and succeed, nearly all of them, never enter it (an index of every
   * state cost each workflow 8-12 % in W1). And operation_outputs loses its foreign key to
   * workflow_status, as DBOS's did in its migration 112: the key's check locks the parent row, which
   * cost every step a write of the parent tuple. Deleting a workflow deletes its steps itself (see
   * WorkflowDeletionDao).
   */
  private static final String STATUS_CREATED_INDEX =
      """
      CREATE INDEX %1$sworkflow_status_failed_index ON %2$s (status, created_at, workflow_uuid)
        WHERE status IN ('ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED');
      DROP INDEX dbos.workflow_status_created_at_index;
      CREATE INDEX %1$sworkflow_status_created_at_index ON %2$s (created_at, workflow_uuid);
      """;

  /** Version 7 on PostgreSQL: the constraint has the name PostgreSQL gave it in version 1. */
  private static final String MANAGEMENT_POSTGRES =
      """
      ALTER TABLE dbos.operation_outputs DROP CONSTRAINT IF EXISTS operation_outputs_workflow_uuid_fkey;
      """
          + STATUS_CREATED_INDEX.formatted("", "dbos.workflow_status");

  /**
   * Version 7 on SQLite, which cannot drop a constraint: the table is built again without it, rows
   * copied, and renamed into place (the table has no index or trigger of its own to rebuild).
   */
  private static final String MANAGEMENT_SQLITE =
      """
      CREATE TABLE dbos.operation_outputs_without_fk (
        workflow_uuid TEXT NOT NULL,
        function_id INTEGER NOT NULL,
        function_name TEXT NOT NULL DEFAULT '',
        output TEXT,
        error TEXT,
        child_workflow_id TEXT,
        started_at_epoch_ms INTEGER,
        completed_at_epoch_ms INTEGER,
        serialization TEXT,
        PRIMARY KEY (workflow_uuid, function_id)
      );
      INSERT INTO dbos.operation_outputs_without_fk (workflow_uuid, function_id, function_name,
        output, error, child_workflow_id, started_at_epoch_ms, completed_at_epoch_ms, serialization)
      SELECT workflow_uuid, function_id, function_name, output, error, child_workflow_id,
        started_at_epoch_ms, completed_at_epoch_ms, serialization FROM dbos.operation_outputs;
      DROP TABLE dbos.operation_outputs;
      ALTER TABLE dbos.operation_outputs_without_fk RENAME TO operation_outputs;
      """
          + STATUS_CREATED_INDEX.formatted("dbos.", "workflow_status");

  /*
   * Version 8 on PostgreSQL: a NOTIFY on dbos4j_orphan_channel whenever a workflow may need a
   * process to take it: a row made PENDING with no process (a resume or fork by a client, which runs
   * nothing itself), or a process's lease gone (a shutdown left its workflows PENDING). Live
   * processes then look for such workflows at once (see ProcessLease) instead of at their next
   * sweep. Rows a process runs name it, so starts and dequeues pay the WHEN clause's comparison
   * only.
   */
  private static final String ORPHAN_TRIGGERS =
      """
      CREATE FUNCTION dbos.orphan_function() RETURNS TRIGGER AS $$
      BEGIN
        PERFORM pg_notify('dbos4j_orphan_channel', '');
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql;
      CREATE TRIGGER dbos_orphan_workflow_trigger
        AFTER INSERT OR UPDATE OF status, process_id ON dbos.workflow_status
        FOR EACH ROW WHEN (NEW.status = 'PENDING' AND NEW.process_id IS NULL)
        EXECUTE FUNCTION dbos.orphan_function();
      CREATE TRIGGER dbos_orphan_process_trigger AFTER DELETE ON dbos.dbos4j_processes
        FOR EACH STATEMENT EXECUTE FUNCTION dbos.orphan_function();
      """;

  /** On PostgreSQL, migration {@code i} brings the schema to version {@code i + 1}. */
  static final List<String> POSTGRES =
      List.of(
          """
          CREATE TABLE dbos.workflow_status (
            workflow_uuid TEXT PRIMARY KEY,
            status TEXT,
            name TEXT,
            authenticated_user TEXT,
            assumed_role TEXT,
            authenticated_roles TEXT,
            request TEXT,
            output TEXT,
            error TEXT,
            executor_id TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            application_version TEXT,
            application_id TEXT,
            class_name VARCHAR(255) DEFAULT NULL,
            config_name VARCHAR(255) DEFAULT NULL,
            recovery_attempts BIGINT DEFAULT 0,
            queue_name TEXT,
            workflow_timeout_ms BIGINT,
            workflow_deadline_epoch_ms BIGINT,
            inputs TEXT,
            started_at_epoch_ms BIGINT,
            deduplication_id TEXT,
            priority INTEGER NOT NULL DEFAULT 0,
            queue_partition_key TEXT,
            delay_until_epoch_ms BIGINT,
            forked_from TEXT,
            was_forked_from BOOLEAN NOT NULL DEFAULT FALSE,
            parent_workflow_id TEXT,
            owner_xid TEXT,
            rate_limited BOOLEAN NOT NULL DEFAULT FALSE,
            attributes JSON,
            schedule_name TEXT,
            completed_at BIGINT,
            serialization TEXT
          );
          CREATE INDEX workflow_status_created_at_index ON dbos.workflow_status (created_at);
          CREATE INDEX workflow_status_pending_index
            ON dbos.workflow_status (executor_id, application_version) WHERE status = 'PENDING';
          CREATE UNIQUE INDEX uq_workflow_status_queue_name_dedup_id
            ON dbos.workflow_status (queue_name, deduplication_id)
            WHERE deduplication_id IS NOT NULL;
          CREATE TABLE dbos.operation_outputs (
            workflow_uuid TEXT NOT NULL
              REFERENCES dbos.workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            function_id INTEGER NOT NULL,
            function_name TEXT NOT NULL DEFAULT '',
            output TEXT,
            error TEXT,
            child_workflow_id TEXT,
            started_at_epoch_ms BIGINT,
            completed_at_epoch_ms BIGINT,
            serialization TEXT,
            PRIMARY KEY (workflow_uuid, function_id)
          );
          """,
          """
          CREATE TABLE dbos.notifications (
            message_uuid TEXT PRIMARY KEY,
            destination_uuid TEXT NOT NULL
              REFERENCES dbos.workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            topic TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at_epoch_ms BIGINT NOT NULL,
            consumed BOOLEAN NOT NULL DEFAULT FALSE,
            serialization TEXT,
            seq BIGSERIAL
          );
          CREATE INDEX idx_workflow_topic ON dbos.notifications (destination_uuid, topic);
          CREATE INDEX notifications_unconsumed_index
            ON dbos.notifications (destination_uuid, topic, seq) WHERE NOT consumed;
          CREATE TABLE dbos.workflow_events (
            workflow_uuid TEXT NOT NULL
              REFERENCES dbos.workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            serialization TEXT,
            PRIMARY KEY (workflow_uuid, key)
          );
          CREATE TABLE dbos.workflow_events_history (
            workflow_uuid TEXT NOT NULL
              REFERENCES dbos.workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            function_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            serialization TEXT,
            PRIMARY KEY (workflow_uuid, function_id, key)
          );
          CREATE FUNCTION dbos.notifications_function() RETURNS TRIGGER AS $$
          BEGIN
            PERFORM pg_notify('dbos_notifications_channel', NEW.destination_uuid || '::' || NEW.topic);
            RETURN NEW;
          END;
          $$ LANGUAGE plpgsql;
          CREATE TRIGGER dbos_notifications_trigger AFTER INSERT ON dbos.notifications
            FOR EACH ROW EXECUTE FUNCTION dbos.notifications_function();
          CREATE FUNCTION dbos.workflow_events_function() RETURNS TRIGGER AS $$
          BEGIN
            PERFORM pg_notify('dbos_workflow_events_channel', NEW.workflow_uuid || '::' || NEW.key);
            RETURN NEW;
          END;
          $$ LANGUAGE plpgsql;
          CREATE TRIGGER dbos_workflow_events_trigger AFTER INSERT OR UPDATE ON dbos.workflow_events
            FOR EACH ROW EXECUTE FUNCTION dbos.workflow_events_function();
          CREATE FUNCTION dbos.workflow_status_function() RETURNS TRIGGER AS $$
          BEGIN
            PERFORM pg_notify('dbos_workflow_status_channel', NEW.workflow_uuid);
            RETURN NEW;
          END;
          $$ LANGUAGE plpgsql;
          ALTER TABLE dbos.workflow_status ADD COLUMN awaited BOOLEAN NOT NULL DEFAULT FALSE;
          CREATE TRIGGER dbos_workflow_status_trigger AFTER UPDATE OF status ON dbos.workflow_status
            FOR EACH ROW WHEN (NEW.awaited AND OLD.status IS DISTINCT FROM NEW.status
              AND NEW.status IN ('SUCCESS', 'ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED'))
            EXECUTE FUNCTION dbos.workflow_status_function();
          """,
          // A message handed to a waiting recv goes in consumed: nobody needs to hear of it.
          """
          DROP TRIGGER dbos_notifications_trigger ON dbos.notifications;
          CREATE TRIGGER dbos_notifications_trigger AFTER INSERT ON dbos.notifications
            FOR EACH ROW WHEN (NOT NEW.consumed) EXECUTE FUNCTION dbos.notifications_function();
          """,
          TRACE_CONTEXT,
          PROCESSES,
          CHILDREN_INDEX + CANCEL_TRIGGER,
          QUEUES_POSTGRES,
          MANAGEMENT_POSTGRES,
          ORPHAN_TRIGGERS);

  /**
   * On SQLite, migration {@code i} brings the schema to version {@code i + 1}. Types take SQLite's
   * affinities; a trigger numbers notifications in insertion order, as PostgreSQL's {@code seq}
   * column does (the rowid itself may change on VACUUM). Statements inside the attached file's
   * triggers name its tables without schema, as SQLite requires.
   */
  static final List<String> SQLITE =
      List.of(
          """
          CREATE TABLE dbos.workflow_status (
            workflow_uuid TEXT PRIMARY KEY,
            status TEXT,
            name TEXT,
            authenticated_user TEXT,
            assumed_role TEXT,
            authenticated_roles TEXT,
            request TEXT,
            output TEXT,
            error TEXT,
            executor_id TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            application_version TEXT,
            application_id TEXT,
            class_name TEXT DEFAULT NULL,
            config_name TEXT DEFAULT NULL,
            recovery_attempts INTEGER DEFAULT 0,
            queue_name TEXT,
            workflow_timeout_ms INTEGER,
            workflow_deadline_epoch_ms INTEGER,
            inputs TEXT,
            started_at_epoch_ms INTEGER,
            deduplication_id TEXT,
            priority INTEGER NOT NULL DEFAULT 0,
            queue_partition_key TEXT,
            delay_until_epoch_ms INTEGER,
            forked_from TEXT,
            was_forked_from INTEGER NOT NULL DEFAULT FALSE,
            parent_workflow_id TEXT,
            owner_xid TEXT,
            rate_limited INTEGER NOT NULL DEFAULT FALSE,
            attributes TEXT,
            schedule_name TEXT,
            completed_at INTEGER,
            serialization TEXT
          );
          CREATE INDEX dbos.workflow_status_created_at_index ON workflow_status (created_at);
          CREATE INDEX dbos.workflow_status_pending_index
            ON workflow_status (executor_id, application_version) WHERE status = 'PENDING';
          CREATE UNIQUE INDEX dbos.uq_workflow_status_queue_name_dedup_id
            ON workflow_status (queue_name, deduplication_id)
            WHERE deduplication_id IS NOT NULL;
          CREATE TABLE dbos.operation_outputs (
            workflow_uuid TEXT NOT NULL
              REFERENCES workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            function_id INTEGER NOT NULL,
            function_name TEXT NOT NULL DEFAULT '',
            output TEXT,
            error TEXT,
            child_workflow_id TEXT,
            started_at_epoch_ms INTEGER,
            completed_at_epoch_ms INTEGER,
            serialization TEXT,
            PRIMARY KEY (workflow_uuid, function_id)
          );
          """,
          """
          CREATE TABLE dbos.notifications (
            message_uuid TEXT PRIMARY KEY,
            destination_uuid TEXT NOT NULL
              REFERENCES workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            topic TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at_epoch_ms INTEGER NOT NULL,
            consumed INTEGER NOT NULL DEFAULT FALSE,
            serialization TEXT,
            seq INTEGER
          );
          CREATE INDEX dbos.idx_workflow_topic ON notifications (destination_uuid, topic);
          CREATE INDEX dbos.notifications_unconsumed_index
            ON notifications (destination_uuid, topic, seq) WHERE NOT consumed;
          CREATE TRIGGER dbos.notifications_seq AFTER INSERT ON notifications
          BEGIN
            UPDATE notifications SET seq = NEW.rowid WHERE rowid = NEW.rowid;
          END;
          CREATE TABLE dbos.workflow_events (
            workflow_uuid TEXT NOT NULL
              REFERENCES workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            serialization TEXT,
            PRIMARY KEY (workflow_uuid, key)
          );
          CREATE TABLE dbos.workflow_events_history (
            workflow_uuid TEXT NOT NULL
              REFERENCES workflow_status (workflow_uuid) ON UPDATE CASCADE ON DELETE CASCADE,
            function_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            serialization TEXT,
            PRIMARY KEY (workflow_uuid, function_id, key)
          );
          ALTER TABLE dbos.workflow_status ADD COLUMN awaited INTEGER NOT NULL DEFAULT FALSE;
          """,
          // Version 2 changes only PostgreSQL's NOTIFY trigger; SQLite has none.
          "",
          TRACE_CONTEXT,
          PROCESSES,
          // SQLite has no notifications: the fallback poll finds cancelled rows (see
          // CancellationNotices).
          """
          CREATE INDEX dbos.workflow_status_parent_index ON workflow_status (parent_workflow_id)
            WHERE parent_workflow_id IS NOT NULL;
          """,
          QUEUES_SQLITE,
          MANAGEMENT_SQLITE,
          // Version 8 adds only PostgreSQL's orphan NOTIFY; on SQLite the sweep finds orphans.
          "");

  private SchemaMigrations() {}

  /** The schema version this code expects. */
  public static int latestVersion() {
    return POSTGRES.size();
  }

  /**
   * The schema version of the database behind {@code conn}, changing nothing: 0 if it has no dbos4j
   * schema.
   */
  static int version(Connection conn, Engine engine) throws SQLException {
    if (!engine.hasTable(conn, MIGRATIONS_TABLE)) {
      return 0;
    }
    try (Statement st = conn.createStatement()) {
      return recordedVersion(st);
    }
  }

  private static int recordedVersion(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM dbos." + MIGRATIONS_TABLE)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Brings the schema of the database behind {@code conn} to {@link #latestVersion()}.
   *
   * @return the number of migrations applied (0 if the schema was current)
   */
  static int apply(Connection conn, Engine engine) throws SQLException {
    List<String> migrations = engine instanceof PostgresEngine ? POSTGRES : SQLITE;
    boolean autoCommit = conn.getAutoCommit();
    conn.setAutoCommit(false);
    try (Statement st = conn.createStatement()) {
      engine.beginMigration(st);
      st.execute(
          "CREATE TABLE IF NOT EXISTS dbos."
              + MIGRATIONS_TABLE
              + " (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
      int current = recordedVersion(st);
      for (int v = current; v < migrations.size(); v++) {
        engine.executeScript(st, migrations.get(v));
        st.execute(
            "INSERT INTO dbos.dbos4j_migrations (version, applied_at) VALUES ("
                + (v + 1)
                + ", "
                + System.currentTimeMillis()
                + ")");
      }
      conn.commit();
      int applied = Math.max(0, migrations.size() - current);
      if (applied > 0) {
        log.info(
            "applied {} system database migration(s); schema version is now {}",
            applied,
            migrations.size());
      }
      return applied;
    } catch (SQLException | RuntimeException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(autoCommit);
    }
  }
}
