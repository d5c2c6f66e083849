package dev.bluegreen.platform.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("state/new/platform.db"), c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS note (text TEXT NOT NULL)");
            }
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void a_file_opens_in_its_new_directory_with_wal_full_sync_and_a_busy_timeout() {
        assertThat(pragma("journal_mode")).isEqualTo("wal");
        assertThat(pragma("synchronous")).isEqualTo("2");
        assertThat(pragma("busy_timeout")).isEqualTo("10000");
        assertThat(dir.resolve("state/new/platform.db")).exists();
    }

    @Test
    void the_state_and_its_write_ahead_log_are_readable_by_their_owner_only() throws Exception {
        db.transaction(c -> insert(c, "who runs where"));
        for (String file : new String[] {"platform.db", "platform.db-wal", "platform.db-shm"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/new")
                    .resolve(file)))).as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void a_transaction_that_fails_half_way_writes_nothing_and_the_next_one_commits() {
        assertThatThrownBy(() -> db.transaction(c -> {
            insert(c, "first");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO nowhere VALUES (1)");
            }
        })).isInstanceOf(StateException.class).hasMessageStartingWith("writing the platform state failed: ");
        assertThatThrownBy(() -> db.transaction(c -> {
            insert(c, "second");
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
        assertThat(notes()).isZero();

        db.transaction(c -> insert(c, "third"));
        assertThat(notes()).isEqualTo(1);
    }

    @Test
    void a_read_that_fails_is_a_state_exception() {
        assertThatThrownBy(() -> db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM nowhere")) {
                return rs.next();
            }
        })).isInstanceOf(StateException.class).hasMessageStartingWith("reading the platform state failed: ");
    }

    private static void insert(Connection c, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (text) VALUES (?)")) {
            ps.setString(1, text);
            ps.executeUpdate();
        }
    }

    private int notes() {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM note")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
    }

    private String pragma(String name) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }
}
