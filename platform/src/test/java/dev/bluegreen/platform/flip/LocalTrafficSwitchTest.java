package dev.bluegreen.platform.flip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Split;
import dev.bluegreen.core.routing.Tags;
import dev.bluegreen.platform.lb.Forward;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.state.PlatformStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flip and rollback carried out by the core's flipper on a real state file and a real load balancer. */
class LocalTrafficSwitchTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;
    PlatformStore store;
    final HealthyBackend backend = new HealthyBackend();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final LoadBalancer lb = new LoadBalancer(metrics);
    final AtomicReference<String> deploying = new AtomicReference<>();
    LocalTrafficSwitch traffic;
    Flipper flipper;

    @BeforeEach
    void set_up() {
        store = PlatformStore.open(dir.resolve("platform.db"));
        store.saveRouting(new Routing(Map.of("prod", "blue", "test", "green", "api", "api"), Map.of(
                "blue", Tags.of("Code1", true, "v1"), "green", Tags.of("Code2", false, "v2"))),
                Event.of(Instant.EPOCH, "platform", EventType.CREATED, "blue", "Code1", "green", "Code2", "v1"));
        HealthyBackend.groups(lb, "blue", "green", "api");
        traffic = new LocalTrafficSwitch(store, lb, metrics, () -> Optional.ofNullable(deploying.get()),
                Duration.ZERO);
        traffic.restore();
        flipper = new Flipper(traffic, BlueGreenPair.STANDARD, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tear_down() {
        lb.close();
        backend.close();
        store.close();
    }

    @Test
    void restore_puts_the_load_balancer_where_the_state_says() {
        assertThat(lb.routes()).isEqualTo(Map.of("prod", "blue", "test", "green", "api", "api"));
    }

    @Test
    void a_flip_is_stored_then_switched_and_recorded() {
        backend.serve(lb, "green");

        Outcome outcome = flipper.flip(Flipper.Request.by("alice"));

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).isEqualTo("flip: production now on green (v2), test on blue (v1)");
        assertThat(lb.routes()).isEqualTo(Map.of("prod", "green", "test", "blue", "api", "api"));
        assertThat(store.routing().forwardsTo("prod")).contains("green");
        assertThat(store.routing().tags("green").isProduction()).isTrue();
        Event event = store.events(1).get(0);
        assertThat(event.actor()).isEqualTo("alice");
        assertThat(event.type()).isEqualTo(EventType.FLIP);
        assertThat(event.time()).isEqualTo(NOW);
        assertThat(metrics.counter("bluegreen.routing.changes", "kind", "flip", "outcome", "done").count())
                .isEqualTo(1);
    }

    @Test
    void a_refused_flip_changes_nothing_and_says_why() {
        Outcome outcome = flipper.flip(Flipper.Request.by("alice"));

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.details()).containsEntry("prod", "blue");
        assertThat(outcome.message()).isEqualTo("target group 'green' has no healthy target; production stays on "
                + "'blue'");
        assertThat(lb.routes()).containsEntry("prod", "blue");
        assertThat(store.routing().forwardsTo("prod")).contains("blue");
        assertThat(store.events(1).get(0).type()).isEqualTo(EventType.FLIP_REFUSED);
        assertThat(metrics.counter("bluegreen.routing.changes", "kind", "flip", "outcome", "refused").count())
                .isEqualTo(1);
    }

    @Test
    void nothing_flips_while_a_build_is_deployed_to_the_test_side() {
        backend.serve(lb, "green");
        deploying.set("b3-3f2a1c9");

        Outcome outcome = flipper.flip(Flipper.Request.by("alice"));

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).startsWith("build b3-3f2a1c9 is being deployed to the test side");
        assertThat(lb.routes()).containsEntry("prod", "blue");
    }

    @Test
    void rollback_goes_back_to_the_previous_version_and_status_says_when_it_can() {
        backend.serve(lb, "green");
        backend.serve(lb, "blue");
        assertThat(flipper.rollbackPreview().done()).isFalse();
        flipper.flip(Flipper.Request.by("alice"));
        assertThat(flipper.rollbackPreview()).isEqualTo(Outcome.done("blue (v1)"));

        Outcome outcome = flipper.rollback(Flipper.Request.by("bob"));

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.details()).containsEntry("prod", "blue");
        assertThat(lb.routes()).containsEntry("prod", "blue").containsEntry("test", "green");
        assertThat(store.events(2)).extracting(Event::type).containsExactly(EventType.ROLLBACK, EventType.FLIP);
    }

    @Test
    void without_a_flip_a_rollback_is_refused() {
        Outcome outcome = flipper.rollback(Flipper.Request.by("bob"));
        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).isEqualTo("there is no earlier flip to roll back");
        assertThat(store.events(1).get(0).type()).isEqualTo(EventType.ROLLBACK_REFUSED);
    }

    @Test
    void a_shift_step_is_stored_then_weighted_keeps_the_last_flip_and_a_restart_comes_back_at_its_weights() {
        backend.serve(lb, "green");
        backend.serve(lb, "blue");

        Outcome outcome = flipper.shift("v2", 10, Flipper.Request.by("alice"));

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).isEqualTo("shift: 10 % of production on green (v2), 90 % on blue (v1)");
        assertThat(outcome.details()).containsEntry("prod", "blue").containsEntry("shifted", 10);
        assertThat(lb.forwards()).containsEntry("prod", Forward.to("blue").split("green", 10))
                .containsEntry("test", Forward.to("green"));
        assertThat(store.routing().split("prod")).contains(new Split("green", 10));
        assertThat(store.lastFlip()).as("a shift step is no flip").isEmpty();
        assertThat(store.events(1).get(0).type()).isEqualTo(EventType.SHIFT);
        assertThat(metrics.counter("bluegreen.routing.changes", "kind", "shift", "outcome", "done").count())
                .isEqualTo(1);

        // the platform restarts: a new load balancer, the state file opened again
        store.close();
        store = PlatformStore.open(dir.resolve("platform.db"));
        try (LoadBalancer restarted = new LoadBalancer(new SimpleMeterRegistry())) {
            HealthyBackend.groups(restarted, "blue", "green", "api");
            new LocalTrafficSwitch(store, restarted, metrics, Optional::empty, Duration.ofMinutes(5)).restore();
            assertThat(restarted.forwards()).containsEntry("prod", Forward.to("blue").split("green", 10)
                    .sticky(Duration.ofMinutes(5)));
        }
    }

    @Test
    void a_rollback_while_traffic_shifts_sends_all_of_it_back_at_once_and_keeps_the_last_flip() {
        backend.serve(lb, "green");
        backend.serve(lb, "blue");
        flipper.flip(Flipper.Request.by("alice"));
        flipper.rollback(Flipper.Request.by("alice"));
        var lastFlip = store.lastFlip();
        assertThat(flipper.shift("v2", 25, Flipper.Request.by("alice")).done()).isTrue();
        assertThat(flipper.shift("v2", 50, Flipper.Request.by("alice")).done()).isTrue();
        assertThat(lb.forwards().get("prod")).isEqualTo(Forward.to("blue").split("green", 50));

        Outcome outcome = flipper.rollback(Flipper.Request.by("bob"));

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.details()).containsEntry("prod", "blue").containsEntry("shifted", 0);
        assertThat(lb.forwards()).containsEntry("prod", Forward.to("blue"));
        assertThat(store.routing().splits()).isEmpty();
        assertThat(store.lastFlip()).isEqualTo(lastFlip);
    }

    @Test
    void the_last_step_of_a_shift_is_the_flip_and_ends_the_split() {
        backend.serve(lb, "green");
        backend.serve(lb, "blue");
        flipper.shift("v2", 10, Flipper.Request.by("alice"));

        Outcome outcome = flipper.shift("v2", 100, Flipper.Request.by("alice"));

        assertThat(outcome.done()).isTrue();
        assertThat(lb.forwards()).containsEntry("prod", Forward.to("green")).containsEntry("test", Forward.to("blue"));
        assertThat(store.routing().splits()).isEmpty();
        assertThat(store.lastFlip()).hasValueSatisfying(last -> assertThat(last.promoted()).isEqualTo("green"));
        assertThat(store.events(1).get(0).type()).isEqualTo(EventType.FLIP);
    }
}
