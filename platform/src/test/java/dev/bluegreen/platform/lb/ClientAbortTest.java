package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.StringRequestContent;
import org.junit.jupiter.api.Test;

/**
 * What the bake judges production by (the target group's 5xx among its requests, and its latency histogram) is the
 * targets' doing only: clients that leave or are slow are counted apart, and real target failures still count.
 */
class ClientAbortTest {

    private static final int CLIENTS = 10;
    private static final int SMALL_RECEIVE_BUFFER = 16 * 1024;

    @Test
    void clients_that_leave_in_the_middle_of_their_request_are_aborts_not_5xx_nor_latency() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            f.group("web", web);
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));
            for (int i = 0; i < 20; i++) {
                assertThat(f.get("prod", "/").getStatus()).isEqualTo(200);
            }

            List<RawClient> leaving = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    RawClient client = new RawClient(port);
                    leaving.add(client);
                    // part of the body promised: the target keeps waiting for the rest
                    client.send("POST /consume HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"title\": \"Heat\", \"year\": 1995, ");
                }
                Await.until("the target waiting on every request", Fixture.WAIT, () -> web.consuming() == CLIENTS);
            } finally {
                for (RawClient client : leaving) {
                    client.close();
                }
            }
            Await.until("the aborts counted", Fixture.WAIT,
                    () -> count(f, "lb.target.group.client.aborts", "target_group", "web") == CLIENTS, () -> seen(f));

            assertThat(count(f, "lb.listener.client.aborts", "listener", "prod")).isEqualTo(CLIENTS);
            assertThat(requests(f, "5xx")).as("5xx of the target group").isZero();
            assertThat(requests(f, "2xx")).isEqualTo(20);
            assertThat(latency(f).count()).as("latencies in the histogram the bake reads").isEqualTo(20);
            LoadBalancer.Traffic traffic = f.lb.takeTraffic().get("web");
            assertThat(traffic.requests()).isEqualTo(20);
            assertThat(traffic.serverErrors()).isZero();
            assertThat(traffic.clientAborts()).isEqualTo(CLIENTS);
        }
    }

    @Test
    void a_client_reading_slowly_is_counted_with_the_target_s_time_before_it_has_read_the_body() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            try (RawClient reader = new RawClient(port, SMALL_RECEIVE_BUFFER)) {
                reader.send("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                // not a byte read yet, and more than the sockets hold: the response cannot be complete
                Await.until("the request counted while its client reads nothing", Fixture.WAIT,
                        () -> requests(f, "2xx") == 1, () -> seen(f));
                double recorded = latency(f).totalTime(TimeUnit.NANOSECONDS);

                assertThat(reader.readAnswer().body()).hasSize(Backend.BIG_BYTES);
                assertThat(latency(f).count()).isEqualTo(1);
                assertThat(latency(f).totalTime(TimeUnit.NANOSECONDS)).as("the latency after the client read it all")
                        .isEqualTo(recorded);
            }
            assertThat(f.registry.find("lb.target.group.client.aborts").counter()).isNull();
        }
    }

    @Test
    void a_client_that_leaves_while_reading_is_an_abort_beside_the_target_s_answer() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            try (RawClient reader = new RawClient(port, SMALL_RECEIVE_BUFFER)) {
                reader.send("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                Await.until("the target's answer counted", Fixture.WAIT, () -> requests(f, "2xx") == 1,
                        () -> seen(f));
            }
            Await.until("the abort counted", Fixture.WAIT,
                    () -> count(f, "lb.target.group.client.aborts", "target_group", "web") == 1, () -> seen(f));
            assertThat(requests(f, "2xx")).isEqualTo(1);
            assertThat(requests(f, "5xx")).isZero();
        }
    }

    @Test
    void a_slow_upload_is_not_in_the_target_s_time_to_answer() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            f.group("web", web);
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            String body = "{\"title\": \"Heat\", \"year\": 1995}";
            try (RawClient uploader = new RawClient(port)) {
                uploader.send("POST /consume HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body.substring(0, 10));
                Await.until("the target waiting for the rest of the body", Fixture.WAIT, () -> web.consuming() == 1);
                long uploading = System.nanoTime();
                Thread.sleep(1_000);
                uploader.send(body.substring(10));
                long uploadNanos = System.nanoTime() - uploading;

                RawClient.Answer answer = uploader.readAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.text()).isEqualTo("read " + body.length());
                assertThat(latency(f).max(TimeUnit.NANOSECONDS)).as("the recorded latency, against the upload's")
                        .isLessThan(uploadNanos);
            }
        }
    }

    @Test
    void the_target_s_own_failures_still_count_as_its_5xx() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            f.group("web", web);
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            assertThat(f.get("prod", "/fail").getStatus()).as("the target's 500").isEqualTo(500);
            assertThat(post(f, "/crash")).as("the target resets the connection").isEqualTo(502);
            web.kill();
            assertThat(post(f, "/")).as("the target is gone: connection refused").isEqualTo(502);

            assertThat(requests(f, "5xx")).isEqualTo(3);
            assertThat(latency(f).count()).isEqualTo(3);
            assertThat(f.registry.find("lb.target.group.client.aborts").counter()).isNull();
            assertThat(f.lb.takeTraffic().get("web").serverErrors()).isEqualTo(3);
        }
    }

    /** What the target group counted so far, for a wait that gives up. */
    private static String seen(Fixture f) {
        return "2xx " + requests(f, "2xx") + ", 5xx " + requests(f, "5xx") + ", client aborts "
                + count(f, "lb.target.group.client.aborts", "target_group", "web");
    }

    private static int post(Fixture f, String path) throws Exception {
        return f.client.POST(f.uri("prod", path)).body(new StringRequestContent("{}")).send().getStatus();
    }

    private static double requests(Fixture f, String statusClass) {
        Counter counter = f.registry.find("lb.target.group.requests").tags("target_group", "web", "status",
                statusClass).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double count(Fixture f, String name, String tag, String value) {
        Counter counter = f.registry.find(name).tags(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Timer latency(Fixture f) {
        return f.registry.get("lb.target.group.response.time").tags("target_group", "web").timer();
    }
}
