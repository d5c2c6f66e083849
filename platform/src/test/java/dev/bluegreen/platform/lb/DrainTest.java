package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

class DrainTest {

    @Test
    void a_deregistered_target_finishes_its_requests_and_gets_no_new_one() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend old = f.backend("web-1");
            Backend fresh = f.backend("web-2");
            TargetGroup web = f.group("web", old);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            HttpClient slowClient = f.client(1);
            CompletableFuture<ContentResponse> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return slowClient.GET(f.uri("prod", "/slow"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(old.awaitSlowStarted()).as("the slow request reached web-1").isTrue();
            web.register(fresh.target());
            Fixture.awaitHealthy(web, 2);

            CompletableFuture<Void> drained = web.deregister("web-1");
            assertThat(web.healthy()).containsExactly(fresh.target());
            assertThat(web.describe()).contains(new TargetHealth(old.target(), TargetState.DRAINING, 1));
            int servedBefore = old.served();
            for (int i = 0; i < 10; i++) {
                assertThat(f.get("prod", "/").getContentAsString()).isEqualTo("web-2");
            }
            assertThat(old.served()).isEqualTo(servedBefore);
            assertThat(drained).as("drain waits for the request in flight").isNotDone();

            old.releaseSlow();
            ContentResponse finished = slow.get(10, TimeUnit.SECONDS);
            assertThat(finished.getStatus()).isEqualTo(200);
            assertThat(finished.getContentAsString()).isEqualTo("web-1");
            drained.get(10, TimeUnit.SECONDS);
            assertThat(web.describe()).extracting(TargetHealth::target).containsExactly(fresh.target());
        }
    }

    @Test
    void the_deregistration_delay_bounds_the_drain() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend stuck = f.backend("web-1");
            TargetGroup web = f.lb.targetGroup("web", Fixture.FAST, Duration.ofMillis(300));
            web.register(stuck.target());
            Fixture.awaitHealthy(web, 1);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            CompletableFuture<ContentResponse> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return f.client(1).GET(f.uri("prod", "/slow"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(stuck.awaitSlowStarted()).as("the slow request reached web-1").isTrue();
            web.deregister("web-1").get(10, TimeUnit.SECONDS);
            assertThat(web.describe()).isEmpty();
            assertThat(f.get("prod", "/").getStatus()).isEqualTo(503);
            stuck.releaseSlow();
            assertThat(slow.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
            assertThat(web.healthy()).isEqualTo(List.of());
        }
    }
}
