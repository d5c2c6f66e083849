package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.testing.Await;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void a_listener_at_its_limit_holds_the_next_connection_and_serves_it_once_one_closes() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            f.group("web", web);
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true,
                    new ClientLimits(Duration.ofSeconds(10), 2));
            f.lb.route(Map.of("prod", "web"));

            try (RawClient first = new RawClient(port); RawClient second = new RawClient(port)) {
                for (RawClient client : new RawClient[] {first, second}) {
                    client.send(GET);
                    assertThat(client.readAnswer().status()).isEqualTo(200);
                }
                Await.until("the listener at its limit", Fixture.WAIT, () -> limitReached(f) == 1);
                assertThat(open(f)).isEqualTo(2);

                try (RawClient third = new RawClient(port)) {
                    // the kernel completes the connection: it waits in the accept queue, unanswered
                    third.send(GET);
                    third.readTimeout(500);
                    assertThatThrownBy(third::read).as("an answer while the listener is full")
                            .isInstanceOf(SocketTimeoutException.class);
                    assertThat(web.served()).isEqualTo(2);

                    first.close();
                    third.readTimeout(10_000);
                    RawClient.Answer answer = third.readAnswer();
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.text()).isEqualTo("web-1");

                    second.send(GET);
                    assertThat(second.readAnswer().status()).as("the kept connection still served").isEqualTo(200);
                    assertThat(open(f)).isEqualTo(2);
                }
            }
            assertThat(HeaderDeadlineTest.closed(f, "connection_limit")).as("connections refused").isZero();
            Await.until("the connections closed", Fixture.WAIT, () -> open(f) == 0);
        }
    }

    private static double limitReached(Fixture f) {
        return f.registry.get("lb.listener.connection.limit.reached").tags("listener", "prod").counter().count();
    }

    private static double open(Fixture f) {
        return f.registry.get("lb.listener.connections").tags("listener", "prod").gauge().value();
    }
}
