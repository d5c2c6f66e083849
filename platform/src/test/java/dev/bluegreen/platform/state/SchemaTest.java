package dev.bluegreen.platform.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.routing.LastFlip;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaTest {

    /** The tables as released, pinned here: a file written today must be readable by this version forever. */
    static final List<String> SCHEMA_4 = List.of(
            "event: id INTEGER pk, time TEXT not null, actor TEXT not null, type TEXT not null, message TEXT not null",
            "execution: id INTEGER pk, tag TEXT not null, status TEXT not null, final INTEGER not null, "
                    + "created_at TEXT not null, body TEXT not null",
            "group_tag: target_group TEXT not null pk, key TEXT not null pk, value TEXT not null",
            "last_flip: id INTEGER pk, promoted TEXT not null, promoted_image TEXT, demoted TEXT not null, "
                    + "demoted_image TEXT, request_id TEXT",
            "listener: name TEXT pk, target_group TEXT not null",
            "listener_split: listener TEXT pk, target_group TEXT not null, percent INTEGER not null",
            "service: name TEXT pk, target_group TEXT, desired_count INTEGER not null, image TEXT",
            "setting: key TEXT pk, value TEXT not null",
            "sqlite_sequence: name, seq");

    /** Version 1 as it was released: routing, last flip, services, events. */
    static final List<String> VERSION_1 = List.of(
            "CREATE TABLE listener (name TEXT PRIMARY KEY, target_group TEXT NOT NULL)",
            "CREATE TABLE group_tag (target_group TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
                    + "PRIMARY KEY (target_group, key))",
            "CREATE TABLE last_flip (id INTEGER PRIMARY KEY CHECK (id = 1), promoted TEXT NOT NULL, "
                    + "promoted_image TEXT, demoted TEXT NOT NULL, demoted_image TEXT)",
            "CREATE TABLE service (name TEXT PRIMARY KEY, target_group TEXT, desired_count INTEGER NOT NULL, "
                    + "image TEXT)",
            "CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT NOT NULL, "
                    + "type TEXT NOT NULL, message TEXT NOT NULL)");

    /** What version 2 added: the pipeline. */
    static final List<String> VERSION_2 = List.of(
            "CREATE TABLE execution (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE, status TEXT NOT NULL, "
                    + "final INTEGER NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)");

    /** What version 3 added: which request asked for the last flip. */
    static final List<String> VERSION_3 = List.of("ALTER TABLE last_flip ADD COLUMN request_id TEXT");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void a_file_of_any_older_version_reaches_the_released_tables_of_version_4(int version) throws Exception {
        Path file = dir.resolve("platform.db");
        try (Connection db = connect(file); Statement s = db.createStatement()) {
            List<String> ddl = new ArrayList<>(version >= 1 ? VERSION_1 : List.of());
            ddl.addAll(version >= 2 ? VERSION_2 : List.of());
            ddl.addAll(version >= 3 ? VERSION_3 : List.of());
            for (String sql : ddl) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = " + version);
        }
        PlatformStore.open(file).close();
        try (Connection db = connect(file)) {
            assertThat(Schema.version(db)).isEqualTo(Schema.VERSION).isEqualTo(4);
            assertThat(layout(db)).containsExactlyElementsOf(SCHEMA_4);
        }
    }

    @Test
    void a_version_3_file_keeps_its_routing_and_last_flip_and_no_traffic_is_shifted_after_the_migration()
            throws Exception {
        Path file = dir.resolve("platform.db");
        try (Connection db = connect(file); Statement s = db.createStatement()) {
            for (String sql : VERSION_1) {
                s.execute(sql);
            }
            for (String sql : VERSION_2) {
                s.execute(sql);
            }
            for (String sql : VERSION_3) {
                s.execute(sql);
            }
            s.execute("INSERT INTO listener VALUES ('prod', 'green'), ('test', 'blue')");
            s.execute("INSERT INTO group_tag VALUES ('green', 'IsProduction', 'true'), ('blue', 'IsProduction', "
                    + "'false')");
            s.execute("INSERT INTO last_flip VALUES (1, 'green', 'v2', 'blue', 'v1', 'job-7')");
            s.execute("PRAGMA user_version = 3");
        }
        try (PlatformStore store = PlatformStore.open(file)) {
            assertThat(store.routing().listeners()).isEqualTo(Map.of("prod", "green", "test", "blue"));
            assertThat(store.routing().splits()).isEmpty();
            assertThat(store.routing().weights("prod")).containsExactly(Map.entry("green", 100));
            assertThat(store.lastFlip()).contains(new LastFlip("green", "v2", "blue", "v1", "job-7"));
        }
    }

    @Test
    void a_file_written_by_a_newer_bluegreen_is_refused_and_left_as_it_is() throws Exception {
        Path file = dir.resolve("platform.db");
        try (Connection db = connect(file); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE listener (name TEXT PRIMARY KEY, target_group TEXT NOT NULL, weight INTEGER)");
            s.execute("PRAGMA user_version = 5");
        }
        assertThatThrownBy(() -> PlatformStore.open(file)).isInstanceOf(StateException.class)
                .hasMessage("cannot open the platform state " + file + ": written by a newer bluegreen (schema 5)");
        try (Connection db = connect(file)) {
            assertThat(Schema.version(db)).isEqualTo(5);
            assertThat(layout(db))
                    .containsExactly("listener: name TEXT pk, target_group TEXT not null, weight INTEGER");
        }
    }

    @Test
    void a_migration_that_fails_leaves_the_file_at_its_old_version_with_none_of_the_new_tables() throws Exception {
        Path file = dir.resolve("platform.db");
        try (Connection db = connect(file); Statement s = db.createStatement()) {
            // a table of the first step already there: the step fails half way through version 1
            s.execute("CREATE TABLE service (name TEXT)");
        }
        assertThatThrownBy(() -> PlatformStore.open(file)).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot open the platform state").hasMessageContaining("service");
        try (Connection db = connect(file)) {
            assertThat(Schema.version(db)).isZero();
            assertThat(layout(db)).containsExactly("service: name TEXT");
        }
    }

    private static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    /** Each table with its columns: name, type, NOT NULL, part of the primary key. */
    private static List<String> layout(Connection db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master "
                + "WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        List<String> layout = new ArrayList<>();
        for (String table : tables) {
            List<String> columns = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
                while (rs.next()) {
                    String type = rs.getString("type");
                    columns.add(rs.getString("name") + (type.isEmpty() ? "" : " " + type)
                            + (rs.getInt("notnull") == 1 ? " not null" : "") + (rs.getInt("pk") > 0 ? " pk" : ""));
                }
            }
            layout.add(table + ": " + String.join(", ", columns));
        }
        return layout;
    }
}
