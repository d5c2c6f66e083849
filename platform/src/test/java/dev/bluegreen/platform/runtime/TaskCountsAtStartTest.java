package dev.bluegreen.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.platform.lb.Cidr;
import dev.bluegreen.platform.lb.ClientLimits;
import dev.bluegreen.platform.lb.HealthCheck;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web task counts a start writes into the state (a real platform.db), and the ones it keeps from before. */
class TaskCountsAtStartTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    PlatformConfig config(Integer prod, Integer idle) {
        return new PlatformConfig(dir, "127.0.0.1", "127.0.0.1", 0, 0, 0, 0, List.of(Cidr.parse("127.0.0.1/32")),
                prod, idle, null, "v1", HealthCheck.defaults(), Duration.ofSeconds(1), PipelineConfig.defaults(),
                ClientLimits.DEFAULTS, Duration.ZERO);
    }

    @Test
    void a_first_start_runs_production_at_two_tasks_and_the_test_side_at_one_and_keeps_what_is_given_later() {
        try (PlatformStore store = PlatformStore.open(dir.resolve("platform.db"))) {
            assertThat(FirstStart.seedOrUpdate(store, config(null, null), CLOCK)).isTrue();
            assertThat(desired(store, "web-blue")).as("production").isEqualTo(2);
            assertThat(desired(store, "web-green")).as("the test side").isEqualTo(1);
            assertThat(FirstStart.counts(store, config(null, null))).isEqualTo(TaskCounts.defaults());

            // green is production now: a production count given at a restart is green's
            store.saveRouting(store.routing().withListener("prod", "green").withListener("test", "blue"),
                    Event.of(CLOCK.instant(), "test", EventType.FLIP, "green", "v1", "blue", "v1"));
            assertThat(FirstStart.seedOrUpdate(store, config(3, null), CLOCK)).isFalse();
            assertThat(desired(store, "web-green")).isEqualTo(3);
            assertThat(desired(store, "web-blue")).as("idle is kept").isEqualTo(2);
            assertThat(store.events(1).get(0).message()).isEqualTo("web-green: 1 -> 3 task(s), as given at start");

            FirstStart.seedOrUpdate(store, config(null, null), CLOCK);
            assertThat(FirstStart.counts(store, config(null, null))).as("kept for the next start")
                    .isEqualTo(new TaskCounts(3, 1));
        }
    }

    @Test
    void while_traffic_shifts_an_idle_count_given_at_a_restart_does_not_shrink_the_side_that_takes_a_share() {
        try (PlatformStore store = PlatformStore.open(dir.resolve("platform.db"))) {
            FirstStart.seedOrUpdate(store, config(null, null), CLOCK);
            store.saveRouting(store.routing().withSplit("prod", "green", 10),
                    Event.of(CLOCK.instant(), "test", EventType.SHIFT, 10, "green", "v2", 90, "blue", "v1"));
            store.saveService(store.service("web-green").orElseThrow().withDesiredCount(2), null);

            FirstStart.seedOrUpdate(store, config(null, 1), CLOCK);

            assertThat(desired(store, "web-green")).isEqualTo(2);
            assertThat(desired(store, "web-blue")).isEqualTo(2);
        }
    }

    @Test
    void a_state_from_before_the_counts_were_kept_keeps_what_its_sides_run() {
        try (PlatformStore store = PlatformStore.open(dir.resolve("platform.db"))) {
            store.saveRouting(Topology.initialRouting("v1"), Event.of(CLOCK.instant(), "test", EventType.CREATED,
                    "blue", "Code1", "green", "Code2", "v1"));
            for (ServiceRecord service : List.of(new ServiceRecord("web-blue", "blue", 3, "v1"),
                    new ServiceRecord("web-green", "green", 3, "v1"), new ServiceRecord("api", "api", 2, "v1"))) {
                store.saveService(service, Event.of(CLOCK.instant(), "test", EventType.SERVICE_CREATED,
                        service.name(), service.desiredCount(), "v1", service.targetGroup()));
            }

            FirstStart.seedOrUpdate(store, config(null, null), CLOCK);

            assertThat(FirstStart.counts(store, config(null, null))).isEqualTo(new TaskCounts(3, 3));
            assertThat(desired(store, "web-blue")).isEqualTo(3);
            assertThat(desired(store, "web-green")).isEqualTo(3);
        }
    }

    private static int desired(PlatformStore store, String service) {
        return store.service(service).orElseThrow().desiredCount();
    }
}
