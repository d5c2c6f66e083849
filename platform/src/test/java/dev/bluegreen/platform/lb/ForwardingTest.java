package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Random;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

class ForwardingTest {

    @Test
    void forwarding_headers_reach_the_target() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            assertThat(f.get("prod", "/headers").getContentAsString().lines())
                    .containsExactly("for=127.0.0.1", "proto=http", "host=127.0.0.1:" + port);
        }
    }

    @Test
    void paths_and_queries_pass_as_sent() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            assertThat(f.get("prod", "/raw/movies/Face%2FOff?year=1997&q=a%20b").getContentAsString())
                    .isEqualTo("/raw/movies/Face%2FOff?year=1997&q=a%20b");
        }
    }

    @Test
    void large_bodies_pass_both_ways() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            // larger than any of the proxy's buffers, within the test client's 2 MB limit
            byte[] body = new byte[1536 * 1024];
            new Random(7).nextBytes(body);
            ContentResponse echoed = f.client.POST(f.uri("prod", "/echo"))
                    .body(new BytesRequestContent("application/octet-stream", body))
                    .send();
            assertThat(echoed.getStatus()).isEqualTo(200);
            assertThat(echoed.getContent()).isEqualTo(body);
        }
    }

    @Test
    void a_head_request_and_a_body_of_unknown_length_pass_and_the_connections_stay_usable() throws Exception {
        try (Fixture f = new Fixture()) {
            f.group("web", f.backend("web-1"));
            f.lb.listen("prod", "127.0.0.1", 0, address -> true);
            f.lb.route(Map.of("prod", "web"));

            ContentResponse head = f.client.newRequest(f.uri("prod", "/")).method(HttpMethod.HEAD).send();
            assertThat(head.getStatus()).isEqualTo(200);
            assertThat(head.getHeaders().get(HttpHeader.CONTENT_LENGTH)).as("the length a GET would have")
                    .isEqualTo("5");
            assertThat(head.getContent()).isEmpty();

            // no Content-Length: sent chunked, to the target as well
            byte[] body = new byte[200 * 1024];
            new Random(11).nextBytes(body);
            ContentResponse echoed = f.client.POST(f.uri("prod", "/echo"))
                    .body(new InputStreamRequestContent(new ByteArrayInputStream(body))).send();
            assertThat(echoed.getStatus()).isEqualTo(200);
            assertThat(echoed.getContent()).isEqualTo(body);

            for (int i = 0; i < 5; i++) {
                assertThat(f.get("prod", "/").getContentAsString()).isEqualTo("web-1");
            }
        }
    }
}
