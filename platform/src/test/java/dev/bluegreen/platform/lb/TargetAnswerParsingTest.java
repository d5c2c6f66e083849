package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a target sends, read in whatever pieces its bytes arrive in. */
class TargetAnswerParsingTest {

    @Test
    void a_head_is_read_once_complete_with_its_framing_and_without_hop_by_hop_headers() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n"
                + "Keep-Alive: timeout=5\r\nContent-Length: 2\r\nSet-Cookie: a=1\r\nX-Movie:  Heat \r\n\r\n{}";
        assertThat(ResponseHead.parse(buffer(head.substring(0, 40)))).as("not complete yet").isNull();

        ByteBuffer in = buffer(head);
        ResponseHead parsed = ResponseHead.parse(in);

        assertThat(parsed.status()).isEqualTo(200);
        assertThat(parsed.contentLength()).isEqualTo(2);
        assertThat(parsed.keepAlive()).isTrue();
        assertThat(new String(parsed.lines(), StandardCharsets.ISO_8859_1)).as("the head the client gets")
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                        + "Set-Cookie: a=1\r\nX-Movie:  Heat \r\n");
        assertThat(StandardCharsets.ISO_8859_1.decode(in).toString()).as("the body left to forward").isEqualTo("{}");
    }

    @Test
    void chunked_close_delimited_and_closing_answers_are_told_apart() throws Exception {
        ResponseHead chunked = ResponseHead.parse(buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertThat(chunked.chunked()).isTrue();
        assertThat(new String(chunked.lines(), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\n");

        ResponseHead untilClose = ResponseHead.parse(buffer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"));
        assertThat(untilClose.untilClose()).isTrue();
        assertThat(untilClose.keepAlive()).isFalse();
        assertThat(new String(untilClose.lines(), StandardCharsets.ISO_8859_1)).as("the client's connection is 1.1")
                .startsWith("HTTP/1.1 200 OK\r\n");

        ResponseHead closing = ResponseHead.parse(buffer("HTTP/1.1 500 Oops\r\nConnection: close\r\n"
                + "Content-Length: 0\r\n\r\n"));
        assertThat(closing.status()).isEqualTo(500);
        assertThat(closing.keepAlive()).isFalse();
    }

    @Test
    void what_is_not_http_is_the_target_s_failure() {
        assertThatThrownBy(() -> ResponseHead.parse(buffer("SSH-2.0-OpenSSH\r\n\r\n")))
                .isInstanceOf(ResponseHead.BadResponseException.class).hasMessageContaining("status line");
        assertThatThrownBy(() -> ResponseHead.parse(buffer("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n")))
                .hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> ResponseHead.parse(buffer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"))).as("a smuggler's framing").hasMessageContaining("both");
        assertThatThrownBy(() -> ResponseHead.parse(buffer("HTTP/1.1 200 OK\r\nX: " + "a".repeat(20_000))))
                .hasMessageContaining("longer than");
    }

    @Test
    void a_chunked_body_yields_its_data_across_any_split_of_its_bytes() throws Exception {
        String body = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";
        for (int split = 1; split < body.length(); split++) {
            ChunkedBody chunks = new ChunkedBody();
            StringBuilder data = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(body.length()).flip();
            for (String part : new String[] {body.substring(0, split), body.substring(split)}) {
                in.compact().put(part.getBytes(StandardCharsets.ISO_8859_1)).flip();
                for (ByteBuffer piece = chunks.next(in); piece != null; piece = chunks.next(in)) {
                    data.append(StandardCharsets.ISO_8859_1.decode(piece));
                }
            }
            assertThat(data.toString()).as("split at %d", split).isEqualTo("hello, world");
            assertThat(chunks.done()).isTrue();
        }
    }

    @Test
    void a_bad_chunk_size_is_the_target_s_failure() {
        assertThatThrownBy(() -> new ChunkedBody().next(buffer("zz\r\nhello\r\n")))
                .isInstanceOf(ResponseHead.BadResponseException.class).hasMessageContaining("chunk size");
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
