package dev.bluegreen.platform.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Decision;
import dev.bluegreen.core.routing.FlipPlanner;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformStoreTest {

    static final Routing SEED = new Routing(Map.of("prod", "blue", "test", "green", "api", "api"), Map.of(
            "blue", Tags.of("Code1", true, "v1"), "green", Tags.of("Code2", false, "v1")));

    @TempDir
    Path dir;

    private static Event event(EventType type, String message) {
        return new Event(0, Instant.parse("2026-11-28T12:00:00Z"), "test", type, message);
    }

    @Test
    void a_new_store_is_empty_and_a_saved_routing_survives_a_restart() {
        Path file = dir.resolve("platform.db");
        try (PlatformStore store = PlatformStore.open(file)) {
            assertThat(store.isEmpty()).isTrue();
            store.saveRouting(SEED, event(EventType.CREATED, "blue and green both run v1"));
            assertThat(store.isEmpty()).isFalse();
        }
        try (PlatformStore again = PlatformStore.open(file)) {
            assertThat(again.routing()).isEqualTo(SEED);
            assertThat(again.lastFlip()).isEmpty();
            assertThat(again.events(10)).extracting(Event::message).containsExactly("blue and green both run v1");
        }
    }

    @Test
    void a_flip_is_stored_with_what_it_undoes_and_its_event() {
        try (PlatformStore store = PlatformStore.open(dir.resolve("platform.db"))) {
            store.saveRouting(SEED, event(EventType.CREATED, "start"));
            Decision.Proceed flip = (Decision.Proceed) FlipPlanner.flip(SEED, BlueGreenPair.STANDARD, g -> true);
            store.saveFlip(flip.target(), LastFlip.of(SEED, flip, "job-1"), event(EventType.FLIP, "green is live"));

            assertThat(store.routing()).isEqualTo(flip.target());
            assertThat(store.lastFlip()).contains(new LastFlip("green", "v1", "blue", "v1", "job-1"));
            assertThat(store.events(10)).extracting(Event::type).containsExactly(EventType.FLIP, EventType.CREATED);
            assertThat(store.events(1)).hasSize(1);
        }
    }

    @Test
    void a_shift_step_stores_the_split_and_keeps_the_last_flip_and_ending_it_removes_the_split() {
        Path file = dir.resolve("platform.db");
        Routing shifted = SEED.withTag("green", Tags.IMAGE, "v2").withSplit("prod", "green", 10);
        try (PlatformStore store = PlatformStore.open(file)) {
            store.saveRouting(SEED, event(EventType.CREATED, "start"));
            Decision.Proceed flip = (Decision.Proceed) FlipPlanner.flip(SEED, BlueGreenPair.STANDARD, g -> true);
            store.saveFlip(flip.target(), LastFlip.of(SEED, flip, null), event(EventType.FLIP, "green is live"));
            store.saveFlip(SEED, LastFlip.of(flip.target(), flip, null), event(EventType.ROLLBACK, "blue again"));
            LastFlip remembered = store.lastFlip().orElseThrow();

            store.saveFlip(shifted, null, event(EventType.SHIFT, "10 % on green"));

            assertThat(store.lastFlip()).contains(remembered);
            assertThat(store.events(1)).extracting(Event::type).containsExactly(EventType.SHIFT);
        }
        try (PlatformStore again = PlatformStore.open(file)) {
            assertThat(again.routing()).isEqualTo(shifted);
            assertThat(again.routing().weights("prod")).containsExactly(Map.entry("blue", 90), Map.entry("green", 10));
            again.saveFlip(shifted.withSplit("prod", "green", 0), null, event(EventType.ROLLBACK, "all on blue"));
            assertThat(again.routing().splits()).isEmpty();
            assertThat(again.routing().weights("prod")).containsExactly(Map.entry("blue", 100));
        }
    }

    @Test
    void a_state_written_before_flips_named_their_request_opens_with_its_last_flip() throws Exception {
        Path file = dir.resolve("platform.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            // the schema as version 2 left it, with a flip in it
            s.execute("CREATE TABLE listener (name TEXT PRIMARY KEY, target_group TEXT NOT NULL)");
            s.execute("CREATE TABLE group_tag (target_group TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
                    + "PRIMARY KEY (target_group, key))");
            s.execute("CREATE TABLE last_flip (id INTEGER PRIMARY KEY CHECK (id = 1), promoted TEXT NOT NULL, "
                    + "promoted_image TEXT, demoted TEXT NOT NULL, demoted_image TEXT)");
            s.execute("CREATE TABLE service (name TEXT PRIMARY KEY, target_group TEXT, desired_count INTEGER NOT NULL, "
                    + "image TEXT)");
            s.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT NOT "
                    + "NULL, type TEXT NOT NULL, message TEXT NOT NULL)");
            s.execute("CREATE TABLE execution (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE, status TEXT NOT NULL, "
                    + "final INTEGER NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL)");
            s.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("INSERT INTO last_flip VALUES (1, 'green', 'v2', 'blue', 'v1')");
            s.execute("PRAGMA user_version = 2");
        }
        try (PlatformStore store = PlatformStore.open(file)) {
            assertThat(store.lastFlip()).contains(new LastFlip("green", "v2", "blue", "v1", null));
        }
    }

    @Test
    void a_write_that_fails_leaves_the_state_as_it_was() {
        try (PlatformStore store = PlatformStore.open(dir.resolve("platform.db"))) {
            store.saveRouting(SEED, event(EventType.CREATED, "start"));
            Decision.Proceed flip = (Decision.Proceed) FlipPlanner.flip(SEED, BlueGreenPair.STANDARD, g -> true);
            LastFlip broken = new LastFlip(null, null, "blue", "v1", null);
            assertThatThrownBy(() -> store.saveFlip(flip.target(), broken, event(EventType.FLIP, "never")))
                    .isInstanceOf(StateException.class);
            assertThat(store.routing()).isEqualTo(SEED);
            assertThat(store.lastFlip()).isEmpty();
            assertThat(store.events(10)).extracting(Event::type).containsExactly(EventType.CREATED);
        }
    }

    @Test
    void services_keep_their_desired_count_and_version() {
        try (PlatformStore store = PlatformStore.open(dir.resolve("platform.db"))) {
            store.saveService(new ServiceRecord("web-blue", "blue", 1, "v1"),
                    event(EventType.SCALE, "web-blue: 1 task"));
            store.saveService(new ServiceRecord("api", "api", 2, "v1"), null);
            store.saveService(store.service("web-blue").orElseThrow().withDesiredCount(3),
                    event(EventType.SCALE, "web-blue: 3 tasks"));
            assertThat(store.services()).containsExactly(new ServiceRecord("api", "api", 2, "v1"),
                    new ServiceRecord("web-blue", "blue", 3, "v1"));
            assertThat(store.events(10)).extracting(Event::message).containsExactly("web-blue: 3 tasks",
                    "web-blue: 1 task");
        }
        assertThatThrownBy(() -> new ServiceRecord("api", "api", -1, "v1"))
                .hasMessage("a service runs 0 or more tasks, not -1");
    }

    /** kill -9 of a process in the middle of flipping, again and again: never a half-flipped state. */
    @Test
    void a_kill_at_any_moment_leaves_a_whole_flip_or_none() throws Exception {
        Path file = dir.resolve("platform.db");
        try (PlatformStore store = PlatformStore.open(file)) {
            store.saveRouting(SEED, event(EventType.CREATED, "start"));
        }
        for (int round = 0; round < 5; round++) {
            Process flipper = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), FlipLoop.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(flipper.getInputStream()));
            assertThat(out.readLine()).isEqualTo("flipping");
            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
            flipper.destroyForcibly();
            assertThat(flipper.waitFor(10, TimeUnit.SECONDS)).isTrue();

            try (PlatformStore store = PlatformStore.open(file)) {
                Routing routing = store.routing();
                String prod = routing.forwardsTo("prod").orElseThrow();
                String test = routing.forwardsTo("test").orElseThrow();
                assertThat(List.of(prod, test)).containsExactlyInAnyOrder("blue", "green");
                assertThat(routing.tags(prod).isProduction()).isTrue();
                assertThat(routing.tags(test).isProduction()).isFalse();
                assertThat(store.lastFlip()).hasValueSatisfying(last -> {
                    assertThat(last.promoted()).isEqualTo(prod);
                    assertThat(last.demoted()).isEqualTo(test);
                });
                assertThat(store.events(1)).singleElement().extracting(Event::message)
                        .isEqualTo("flipped to " + prod);
            }
        }
    }
}
