package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

class RoutingTest {

    @Test
    void round_robin_over_healthy_targets_only() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend one = f.backend("web-blue-1");
            Backend two = f.backend("web-blue-2");
            TargetGroup blue = f.group("blue", one, two);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "blue"));

            assertThat(bodies(f, 10)).containsOnly("web-blue-1", "web-blue-2")
                    .filteredOn("web-blue-1"::equals).hasSize(5);

            one.healthy(false);
            Await.until("web-blue-1 out of rotation", Fixture.WAIT,
                    () -> blue.healthy().equals(List.of(two.target())), blue::describe);
            assertThat(blue.describe()).extracting(TargetHealth::state)
                    .containsExactly(TargetState.UNHEALTHY, TargetState.HEALTHY);
            assertThat(bodies(f, 6)).containsOnly("web-blue-2");

            one.healthy(true);
            Fixture.awaitHealthy(blue, 2);
            assertThat(bodies(f, 4)).containsExactlyInAnyOrder("web-blue-1", "web-blue-1", "web-blue-2",
                    "web-blue-2");

            one.healthy(false);
            two.healthy(false);
            Fixture.awaitHealthy(blue, 0);
            ContentResponse none = f.get("prod", "/");
            assertThat(none.getStatus()).isEqualTo(503);
            assertThat(none.getMediaType()).isEqualTo("application/json");
            assertThat(none.getContentAsString().trim()).isEqualTo(
                    "{\"error\":\"no_healthy_target\",\"message\":\"target group 'blue' has no healthy target\"}");

            assertThat(f.registry.get("lb.listener.requests").tags("listener", "prod", "status", "2xx").counter()
                    .count()).isEqualTo(20);
            assertThat(f.registry.get("lb.target.group.requests").tags("target_group", "blue", "status", "5xx")
                    .counter().count()).isEqualTo(1);
            assertThat(f.registry.get("lb.target.group.response.time").tags("target_group", "blue").timer()
                    .count()).isEqualTo(21);
        }
    }

    @Test
    void a_new_target_starts_initial_and_gets_nothing_until_healthy() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend sick = f.backend("web-green-1");
            sick.healthy(false);
            TargetGroup green = f.lb.targetGroup("green", Fixture.FAST, java.time.Duration.ofSeconds(1));
            green.register(sick.target());
            assertThat(green.describe()).extracting(TargetHealth::state).containsExactly(TargetState.INITIAL);
            f.lb.listen("test", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("test", "green"));

            Await.until("web-green-1 unhealthy", Fixture.WAIT,
                    () -> green.describe().get(0).state() == TargetState.UNHEALTHY, green::describe);
            assertThat(f.get("test", "/").getStatus()).isEqualTo(503);
            assertThat(sick.served()).isZero();
        }
    }

    private static List<String> bodies(Fixture f, int count) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ContentResponse response = f.get("prod", "/");
            assertThat(response.getStatus()).isEqualTo(200);
            bodies.add(response.getContentAsString());
        }
        return bodies;
    }
}
