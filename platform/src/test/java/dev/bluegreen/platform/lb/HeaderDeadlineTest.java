package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

class HeaderDeadlineTest {

    private static final ClientLimits ONE_SECOND = new ClientLimits(Duration.ofSeconds(1), 100);
    /** Sixty bytes at this pace take six seconds: far beyond the deadline. */
    private static final long BYTE_PAUSE_MS = 100;

    @Test
    void headers_sent_a_byte_at_a_time_slower_than_the_deadline_get_408_and_the_connection_is_closed()
            throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            f.group("web", web);
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true, ONE_SECOND);
            f.lb.route(Map.of("prod", "web"));

            String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris/1.0\r\n\r\n";
            AtomicInteger sent = new AtomicInteger();
            try (RawClient slow = new RawClient(port)) {
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        for (char c : request.toCharArray()) {
                            slow.send(String.valueOf(c));
                            sent.incrementAndGet();
                            Thread.sleep(BYTE_PAUSE_MS);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the load balancer closed the connection: what is expected
                    }
                });

                RawClient.Answer answer = slow.readAnswer();
                assertThat(answer.status()).isEqualTo(408);
                assertThat(answer.head()).contains("Connection: close");
                assertThat(answer.text()).contains("\"error\":\"request_timeout\"", "within 1000 ms");
                assertThat(slow.read()).as("the connection is closed after the 408").isEqualTo(-1);
                sending.get(10, TimeUnit.SECONDS);
            }
            assertThat(sent.get()).as("bytes sent before the deadline").isLessThan(request.length());
            assertThat(web.served()).as("requests that reached the target").isZero();
            assertThat(closed(f, "header_timeout")).isEqualTo(1);
            assertThat(f.get("prod", "/").getStatus()).as("a client sending at a normal pace").isEqualTo(200);
        }
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_at_the_deadline_without_an_answer() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true, ONE_SECOND);
            f.lb.route(Map.of("prod", "web"));

            try (RawClient silent = new RawClient(port)) {
                assertThat(silent.read()).as("end of stream, no answer").isEqualTo(-1);
            }
            assertThat(closed(f, "header_timeout")).isEqualTo(1);
        }
    }

    @Test
    void a_keep_alive_connection_may_wait_longer_than_the_deadline_between_two_requests() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            f.lb.listen("prod", "127.0.0.1", 0, address -> true, ONE_SECOND);
            f.lb.route(Map.of("prod", "web"));

            HttpClient http = f.client(1);
            Connection connection = Fixture.connect(http, f.uri("prod", "/"));
            assertThat(Fixture.send(http, connection, f.uri("prod", "/")).getStatus()).isEqualTo(200);
            // idle between requests is the idle timeout's business (30 s), not the header deadline's
            Thread.sleep(2 * ONE_SECOND.headerTimeout().toMillis());
            assertThat(Fixture.send(http, connection, f.uri("prod", "/")).getStatus()).isEqualTo(200);
            assertThat(connection.isClosed()).isFalse();
            assertThat(closed(f, "header_timeout")).isZero();
        }
    }

    @Test
    void a_slow_second_request_on_a_kept_alive_connection_has_its_own_deadline() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            f.group("web", web);
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true, ONE_SECOND);
            f.lb.route(Map.of("prod", "web"));

            try (RawClient client = new RawClient(port)) {
                client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(client.readAnswer().status()).isEqualTo(200);
                client.send("GET / HTTP/1.1\r\nHo");
                assertThat(client.readAnswer().status()).isEqualTo(408);
                assertThat(client.read()).isEqualTo(-1);
            }
            assertThat(web.served()).isEqualTo(1);
            assertThat(closed(f, "header_timeout")).isEqualTo(1);
        }
    }

    static double closed(Fixture f, String reason) {
        var counter = f.registry.find("lb.listener.connections.closed").tags("listener", "prod", "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
