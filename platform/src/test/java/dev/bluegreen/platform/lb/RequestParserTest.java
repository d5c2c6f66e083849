package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A client's request head, read in whatever pieces its bytes arrive in, and the head its target gets. */
class RequestParserTest {

    private static final RequestParser.ConnectionPart CONNECTION = RequestParser.ConnectionPart.of(
            InetAddress.getLoopbackAddress(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));

    @Test
    void a_head_is_read_once_complete_and_the_target_gets_it_with_forwarding_headers_and_without_hop_by_hop_ones()
            throws Exception {
        String head = "POST /movies?title=Face%2FOff HTTP/1.1\r\nHost: movies.example\r\nConnection: keep-alive\r\n"
                + "Keep-Alive: timeout=5\r\nX-Forwarded-For: 10.0.0.7\r\nX-Forwarded-Proto: https\r\n"
                + "Cookie: a=1; bluegreen-side=green\r\nContent-Length: 2\r\n\r\n";
        String next = "{}GET / HTTP/1.1\r\n";
        for (int split = 1; split < head.length(); split++) {
            assertThat(RequestParser.parse(buffer(head.substring(0, split)), CONNECTION)).as("split at " + split)
                    .isNull();
        }

        ByteBuffer in = buffer(head + next);
        ClientRequest request = RequestParser.parse(in, CONNECTION);

        assertThat(text(request.headToTarget())).isEqualTo("POST /movies?title=Face%2FOff HTTP/1.1\r\n"
                + "Host: movies.example\r\nCookie: a=1; bluegreen-side=green\r\n"
                + "X-Forwarded-For: 10.0.0.7, 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: 8080\r\n"
                + "X-Forwarded-Host: movies.example\r\nContent-Length: 2\r\n\r\n");
        assertThat(request.framing()).isEqualTo(2);
        assertThat(request.safe()).as("a POST is not retried").isFalse();
        assertThat(request.keepAlive()).isTrue();
        assertThat(request.side()).isEqualTo("green");
        assertThat(request.describe()).isEqualTo("POST /movies");
        assertThat(text(in)).as("the body and the next request are left").isEqualTo(next);
    }

    @Test
    void several_forwarded_for_lines_stay_one_list_with_the_client_last() throws Exception {
        ClientRequest request = RequestParser.parse(buffer("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.0.0.1\r\n"
                + "x-forwarded-for: 10.0.0.2\r\n\r\n"), CONNECTION);
        assertThat(text(request.headToTarget())).contains("X-Forwarded-For: 10.0.0.1\r\n"
                + "X-Forwarded-For: 10.0.0.2, 127.0.0.1\r\n").doesNotContain("x-forwarded-for");
    }

    @Test
    void http_1_0_is_answered_as_it_asks_and_sent_on_as_http_1_1_with_a_host() throws Exception {
        ClientRequest plain = RequestParser.parse(buffer("\r\nGET /health HTTP/1.0\n\n"), CONNECTION);
        assertThat(plain.http11()).isFalse();
        assertThat(plain.keepAlive()).as("HTTP/1.0 closes unless asked").isFalse();
        assertThat(plain.safe()).isTrue();
        assertThat(text(plain.headToTarget())).startsWith("GET /health HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:8080\r\n");

        ClientRequest kept = RequestParser.parse(buffer("HEAD / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"),
                CONNECTION);
        assertThat(kept.keepAlive()).isTrue();
        assertThat(kept.head()).isTrue();
    }

    @Test
    void what_cannot_be_passed_on_safely_is_refused_with_its_status() {
        assertRefused("GET /\r\n\r\n", 400);
        assertRefused("GET / HTTP/1.1\r\n\r\n", 400);
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        assertRefused("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        assertRefused("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400);
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 1\r\ntransfer-encoding: CHUNKED\r\n\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n", 417);
        assertRefused("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505);
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(RequestParser.MAX_HEAD_BYTES), 431);
    }

    private static void assertRefused(String head, int status) {
        assertThatThrownBy(() -> RequestParser.parse(buffer(head), CONNECTION)).as(head)
                .isInstanceOfSatisfying(RequestParser.BadRequest.class,
                        bad -> assertThat(bad.status).isEqualTo(status));
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.ISO_8859_1.decode(buffer).toString();
    }
}
