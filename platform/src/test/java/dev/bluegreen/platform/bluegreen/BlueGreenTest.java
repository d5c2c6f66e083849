package dev.bluegreen.platform.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import dev.bluegreen.platform.state.Event;
import dev.bluegreen.platform.state.PlatformStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flip and rollback carried out on a real state file, with the load balancer's switch played by a fake. */
class BlueGreenTest {

    /** Remembers the routing it was given, and which groups are healthy. */
    static final class FakeSwitch implements TrafficSwitch {
        Map<String, String> routes = Map.of();
        final Set<String> healthy = new HashSet<>(Set.of("blue", "green", "api"));
        int swaps;

        @Override
        public void route(Map<String, String> listenerToGroup) {
            routes = Map.copyOf(listenerToGroup);
            swaps++;
        }

        @Override
        public boolean hasHealthyTarget(String group) {
            return healthy.contains(group);
        }
    }

    @TempDir
    Path dir;
    PlatformStore store;
    FakeSwitch traffic = new FakeSwitch();
    BlueGreen blueGreen;

    @BeforeEach
    void setUp() {
        store = PlatformStore.open(dir.resolve("platform.db"));
        store.saveRouting(new Routing(Map.of("prod", "blue", "test", "green", "api", "api"), Map.of(
                "blue", Tags.of("Code1", true, "v1"), "green", Tags.of("Code2", false, "v2"))),
                Event.of(Instant.EPOCH, "platform", "setup", "start"));
        blueGreen = new BlueGreen(store, traffic, BlueGreenPair.LOCAL,
                Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        blueGreen.restore();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void restore_puts_the_load_balancer_where_the_state_says() {
        assertThat(traffic.routes).isEqualTo(Map.of("prod", "blue", "test", "green", "api", "api"));
    }

    @Test
    void a_flip_is_stored_then_switched_and_recorded() {
        BlueGreen.Outcome outcome = blueGreen.flip("alice");

        assertThat(outcome).isEqualTo(new BlueGreen.Outcome(true, "green",
                "flip: production now on green (v2), test on blue (v1)"));
        assertThat(traffic.routes).isEqualTo(Map.of("prod", "green", "test", "blue", "api", "api"));
        assertThat(store.routing().forwardsTo("prod")).contains("green");
        assertThat(store.routing().tags("green").isProduction()).isTrue();
        Event event = store.events(1).get(0);
        assertThat(event.actor()).isEqualTo("alice");
        assertThat(event.type()).isEqualTo("flip");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void a_refused_flip_changes_nothing_and_says_why() {
        traffic.healthy.remove("green");
        int swapsBefore = traffic.swaps;

        BlueGreen.Outcome outcome = blueGreen.flip("alice");

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.live()).isEqualTo("blue");
        assertThat(outcome.message()).isEqualTo("target group 'green' has no healthy target; production stays on "
                + "'blue'");
        assertThat(traffic.swaps).isEqualTo(swapsBefore);
        assertThat(store.routing().forwardsTo("prod")).contains("blue");
        assertThat(store.events(1).get(0).type()).isEqualTo("flip-refused");
    }

    @Test
    void rollback_goes_back_to_the_previous_version_and_status_says_when_it_can() {
        assertThat(blueGreen.rollbackTarget()).isEmpty();
        blueGreen.flip("alice");
        assertThat(blueGreen.rollbackTarget()).contains("blue (v1)");

        BlueGreen.Outcome outcome = blueGreen.rollback("bob");

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.live()).isEqualTo("blue");
        assertThat(traffic.routes).containsEntry("prod", "blue").containsEntry("test", "green");
        assertThat(store.events(2)).extracting(Event::type).containsExactly("rollback", "flip");
    }

    @Test
    void without_a_flip_a_rollback_is_refused() {
        BlueGreen.Outcome outcome = blueGreen.rollback("bob");
        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).isEqualTo("there is no earlier flip to roll back");
        assertThat(store.events(1).get(0).type()).isEqualTo("rollback-refused");
    }
}
