package dev.bluegreen.platform.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.Await;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 as a client sees it on a listener, byte for byte: how requests are read (pipelined, in pieces, chunked,
 * with {@code Expect}), which ones are refused, how answers are framed and when connections close. Only what any
 * correct HTTP/1.1 reverse proxy keeps is pinned, not how this one happens to word or frame its errors.
 */
class ListenerProtocolTest {

    @Test
    void pipelined_requests_are_answered_in_order_on_the_same_connection() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            try (RawClient client = new RawClient(port)) {
                client.send(get("/raw/one") + get("/raw/two") + get("/raw/three"));
                for (String path : List.of("/raw/one", "/raw/two", "/raw/three")) {
                    RawClient.Answer answer = client.readAnyAnswer();
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.text()).isEqualTo(path);
                }
            }
            assertThat(web.served()).isEqualTo(3);
        }
    }

    @Test
    void a_pipelined_request_after_requests_with_bodies_is_read_where_their_bodies_end() throws Exception {
        try (Fixture f = new Fixture()) {
            int port = listen(f, f.backend("web-1"));

            try (RawClient client = new RawClient(port)) {
                // a body that looks like a request: only the framing tells where the next one begins
                String lookalike = get("/raw/smuggled");
                client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + lookalike.length()
                        + "\r\n\r\n" + lookalike
                        + "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n"
                        + get("/raw/after"));

                assertThat(client.readAnyAnswer().text()).isEqualTo(lookalike);
                assertThat(client.readAnyAnswer().text()).isEqualTo("hello");
                assertThat(client.readAnyAnswer().text()).isEqualTo("/raw/after");
            }
        }
    }

    @Test
    void a_request_head_over_16_kb_gets_431_and_the_connection_is_closed() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            try (RawClient client = new RawClient(port)) {
                client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "x".repeat(20 * 1024) + "\r\n\r\n");
                assertThat(client.readAnyAnswer().status()).isEqualTo(431);
                assertThat(client.read()).as("the connection is closed after the 431").isEqualTo(-1);
            }
            assertThat(web.served()).as("requests that reached the target").isZero();
        }
    }

    @Test
    void a_request_head_of_12_kb_reaches_the_target() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.answer("/", ok("fine"));
            int port = listen(f, target);

            // browsers send heads this large with many cookies; the Backend's Jetty would refuse it at 8 KB
            String cookie = "c=" + "x".repeat(12 * 1024);
            try (RawClient client = new RawClient(port)) {
                client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n");
                assertThat(client.readAnyAnswer().text()).isEqualTo("fine");
            }
            assertThat(target.next().headers("Cookie")).containsExactly(cookie);
        }
    }

    @Test
    void a_malformed_request_line_gets_400_and_the_connection_is_closed() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            try (RawClient client = new RawClient(port)) {
                client.send("GARBAGE\r\n\r\n");
                assertThat(client.readAnyAnswer().status()).isEqualTo(400);
                assertThat(client.read()).as("the connection is closed after the 400").isEqualTo(-1);
            }
            assertThat(web.served()).isZero();
        }
    }

    @Test
    void an_http_1_1_request_without_host_gets_400() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            try (RawClient client = new RawClient(port)) {
                client.send("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
                assertThat(client.readAnyAnswer().status()).isEqualTo(400);
            }
            assertThat(web.served()).isZero();
        }
    }

    @Test
    void a_request_with_both_content_length_and_chunked_gets_400_and_the_connection_is_closed() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            // RFC 9112 6.1: the two framings disagree, so where the next request begins is unknown (smuggling)
            try (RawClient client = new RawClient(port)) {
                client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
                assertThat(client.readAnyAnswer().status()).isEqualTo(400);
                assertThat(client.read()).as("the connection is closed after the 400").isEqualTo(-1);
            }
            assertThat(web.served()).isZero();
        }
    }

    @Test
    void a_non_numeric_content_length_gets_400_and_the_connection_is_closed() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            try (RawClient client = new RawClient(port)) {
                client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\nhello");
                assertThat(client.readAnyAnswer().status()).isEqualTo(400);
                assertThat(client.read()).as("the connection is closed after the 400").isEqualTo(-1);
            }
            assertThat(web.served()).isZero();
        }
    }

    @Test
    void two_different_content_lengths_get_400_and_the_connection_is_closed() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            try (RawClient client = new RawClient(port)) {
                client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
                        + "hello!");
                assertThat(client.readAnyAnswer().status()).isEqualTo(400);
                assertThat(client.read()).as("the connection is closed after the 400").isEqualTo(-1);
            }
            assertThat(web.served()).isZero();
        }
    }

    @Test
    void an_http_1_0_request_is_answered_and_its_connection_closed() throws Exception {
        try (Fixture f = new Fixture()) {
            int port = listen(f, f.backend("web-1"));

            try (RawClient client = new RawClient(port)) {
                client.send("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.text()).isEqualTo("web-1");
                assertThat(client.read()).as("the connection is closed after the answer").isEqualTo(-1);
            }
        }
    }

    @Test
    void an_http_1_0_request_without_host_reaches_the_target_with_the_address_the_client_connected_to()
            throws Exception {
        try (Fixture f = new Fixture()) {
            int port = listen(f, f.backend("web-1"));

            try (RawClient client = new RawClient(port)) {
                // HTTP/1.0 has no Host; the target's HTTP/1.1 requires one
                client.send("GET /headers HTTP/1.0\r\n\r\n");
                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.text()).contains("host=127.0.0.1:" + port);
            }
        }
    }

    @Test
    void a_chunked_answer_reaches_an_http_1_0_client_without_chunks_and_its_connection_closes() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.answer("/chunked", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                client.send("GET /chunked HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
                String head = client.readHead();
                assertThat(head).startsWith("HTTP/1.1 200 ");
                // an HTTP/1.0 client knows no chunks: the body ends with the connection, or has a length
                assertThat(RawClient.chunked(head)).as("chunked to an HTTP/1.0 client: " + head).isFalse();
                List<String> length = RawClient.headers(head, "Content-Length");
                byte[] body = length.isEmpty() ? client.readAllToEnd()
                        : client.readBody(Integer.parseInt(length.get(0)));
                assertThat(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo("hello, world");
                assertThat(client.read()).as("the connection is closed after the answer").isEqualTo(-1);
            }
        }
    }

    @Test
    void an_http_1_0_request_with_keep_alive_keeps_its_connection_for_the_next_request() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            String request = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
            try (RawClient client = new RawClient(port)) {
                for (int i = 0; i < 2; i++) {
                    client.send(request);
                    RawClient.Answer answer = client.readAnyAnswer();
                    assertThat(answer.text()).isEqualTo("web-1");
                    // without it an HTTP/1.0 client closes the connection itself
                    assertThat(answer.headers("Connection")).as(answer.head()).anyMatch(value ->
                            value.equalsIgnoreCase("keep-alive"));
                }
            }
            assertThat(web.served()).isEqualTo(2);
        }
    }

    @Test
    void a_chunked_request_body_sent_in_pieces_reaches_the_target_intact() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            byte[] first = bytes(3000);
            byte[] second = bytes(70_000);
            try (RawClient client = new RawClient(port)) {
                client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + chunk(first) + "3;note=ext\r\nabc\r\n");
                // the rest only once the target is reading: the body is passed on as it comes, not gathered first
                Await.until("the target reading the body", Fixture.WAIT, () -> web.served() == 1);
                client.send(chunk(second) + "0\r\nX-Checksum: none\r\n\r\n");

                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(concat(first, "abc".getBytes(StandardCharsets.ISO_8859_1),
                        second));

                client.send(get("/raw/next"));
                assertThat(client.readAnyAnswer().text()).as("the connection after the trailer").isEqualTo("/raw/next");
            }
        }
    }

    @Test
    void a_request_body_with_a_content_length_sent_in_pieces_reaches_the_target_intact() throws Exception {
        try (Fixture f = new Fixture()) {
            Backend web = f.backend("web-1");
            int port = listen(f, web);

            byte[] body = bytes(100_000);
            try (RawClient client = new RawClient(port)) {
                client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n" + latin1(body, 0, 10));
                Await.until("the target reading the body", Fixture.WAIT, () -> web.served() == 1);
                client.send(latin1(body, 10, 60_000));
                client.send(latin1(body, 60_000, body.length));

                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(body);

                client.send(get("/raw/next"));
                assertThat(client.readAnyAnswer().text()).isEqualTo("/raw/next");
            }
        }
    }

    @Test
    void expect_100_continue_gets_100_before_the_body_is_sent_and_then_the_final_answer() throws Exception {
        try (Fixture f = new Fixture()) {
            int port = listen(f, f.backend("web-1"));

            try (RawClient client = new RawClient(port)) {
                client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n"
                        + "Expect: 100-continue\r\n\r\n");
                // the body is held back until the 100: a listener waiting for it first would hang here
                assertThat(client.readBodilessAnswer().status()).isEqualTo(100);
                client.send("hello world");

                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.text()).isEqualTo("hello world");

                client.send(get("/raw/next"));
                assertThat(client.readAnyAnswer().text()).isEqualTo("/raw/next");
            }
        }
    }

    @Test
    void a_client_s_connection_close_is_answered_and_then_the_connection_closed() throws Exception {
        try (Fixture f = new Fixture()) {
            int port = listen(f, f.backend("web-1"));

            try (RawClient client = new RawClient(port)) {
                client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                assertThat(client.readAnyAnswer().text()).isEqualTo("web-1");
                assertThat(client.read()).as("the connection is closed after the answer").isEqualTo(-1);
            }
        }
    }

    @Test
    void a_target_closing_its_connection_after_its_answer_leaves_the_client_s_connection_usable() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.answerAndClose("/closing", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbye");
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                for (int i = 0; i < 3; i++) {
                    client.send(get("/closing"));
                    RawClient.Answer answer = client.readAnyAnswer();
                    assertThat(answer.text()).isEqualTo("bye");
                    // the target's connection is not the client's
                    assertThat(answer.headers("Connection")).as(answer.head())
                            .noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("close"));
                }
            }
        }
    }

    @Test
    void hop_by_hop_headers_of_the_target_do_not_reach_the_client_and_its_other_headers_do() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.answer("/headers", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nKeep-Alive: timeout=5\r\n"
                    + "Connection: keep-alive, foo\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; Path=/\r\n"
                    + "X-Thing: yes\r\nContent-Length: 2\r\n\r\nok");
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                client.send(get("/headers"));
                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.text()).isEqualTo("ok");
                assertThat(answer.headers("Keep-Alive")).as(answer.head()).isEmpty();
                assertThat(answer.headers("Connection")).as(answer.head())
                        .noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("foo"));
                assertThat(answer.headers("Set-Cookie")).containsExactly("a=1; Path=/", "b=2; Path=/");
                assertThat(answer.headers("X-Thing")).containsExactly("yes");
                assertThat(answer.headers("Content-Type")).containsExactly("text/plain");
            }
        }
    }

    @Test
    void hop_by_hop_headers_of_the_client_do_not_reach_the_target_and_its_other_headers_do() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.answer("/", ok("fine"));
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive, foo\r\n"
                        + "Keep-Alive: timeout=300\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\n"
                        + "X-Thing: yes\r\nAccept: text/plain\r\n\r\n");
                assertThat(client.readAnyAnswer().text()).isEqualTo("fine");
            }
            ScriptedTarget.Received received = target.next();
            assertThat(received.headers("Keep-Alive")).as(received.head()).isEmpty();
            assertThat(received.headers("Proxy-Connection")).as(received.head()).isEmpty();
            assertThat(received.headers("TE")).as(received.head()).isEmpty();
            assertThat(received.headers("Connection")).as(received.head())
                    .noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("foo"));
            assertThat(received.headers("X-Thing")).containsExactly("yes");
            assertThat(received.headers("Accept")).containsExactly("text/plain");
            assertThat(received.headers("Host")).containsExactly("127.0.0.1");
        }
    }

    @Test
    void a_chunked_answer_reaches_the_client_with_its_body_and_the_connection_stays_usable() throws Exception {
        byte[] large = bytes(100_000);
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.on("/chunked", (request, out) -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n,\r\n").getBytes(
                        StandardCharsets.ISO_8859_1));
                out.write((chunk(large) + "0\r\nX-Trailer: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return true;
            });
            target.answer("/", ok("fine"));
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                client.send(get("/chunked"));
                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(concat("hello,".getBytes(StandardCharsets.ISO_8859_1), large));

                client.send(get("/"));
                assertThat(client.readAnyAnswer().text()).isEqualTo("fine");
            }
        }
    }

    @Test
    void an_answer_reaches_the_client_as_the_target_sends_it_not_once_it_is_complete() throws Exception {
        CountDownLatch firstPieceRead = new CountDownLatch(1);
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            // how a stream of events or a long download behaves: its start is of use before its end
            target.on("/stream", (request, out) -> {
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (!firstPieceRead.await(20, TimeUnit.SECONDS)) {
                    return false;
                }
                out.write("7\r\n, world\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return true;
            });
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                client.send("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                client.readHead();
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                while (!seen.toString(StandardCharsets.ISO_8859_1).contains("hello")) {
                    int b = client.read();
                    assertThat(b).as("the body's first piece, before the end of the connection").isNotNegative();
                    seen.write(b);
                }
                firstPieceRead.countDown();
                seen.write(client.readAllToEnd());
                assertThat(seen.toString(StandardCharsets.ISO_8859_1)).contains(", world");
            }
        }
    }

    @Test
    void a_close_delimited_answer_reaches_an_http_1_1_client_complete() throws Exception {
        byte[] body = bytes(300_000);
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            // neither a length nor chunks: only the end of the connection ends the body (HTTP/1.0 servers, CGI)
            target.on("/until-close", (request, out) -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, 1000);
                out.flush();
                out.write(body, 1000, body.length - 1000);
                out.flush();
                return false;
            });
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                client.send(get("/until-close"));
                // chunked (the connection then kept) or close-delimited in turn: both are correct
                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(body);
            }
        }
    }

    @Test
    void put_delete_options_and_patch_reach_the_target_with_their_method() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.on("/method", (request, out) -> {
                byte[] text = (request.method() + " " + new String(request.body(), StandardCharsets.ISO_8859_1))
                        .getBytes(StandardCharsets.ISO_8859_1);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + text.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(text);
                out.flush();
                return true;
            });
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                for (String method : List.of("PUT", "DELETE", "OPTIONS", "PATCH")) {
                    String body = method.equals("PUT") || method.equals("PATCH") ? "{\"year\":1995}" : "";
                    client.send(method + " /method HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n" + body);
                    RawClient.Answer answer = client.readAnyAnswer();
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.text()).isEqualTo(method + " " + body);
                    assertThat(target.next().method()).isEqualTo(method);
                }
            }
        }
    }

    @Test
    void a_head_answer_has_no_body_and_the_connection_stays_usable() throws Exception {
        try (Fixture f = new Fixture()) {
            int port = listen(f, f.backend("web-1"));

            try (RawClient client = new RawClient(port)) {
                client.send("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                RawClient.Answer head = client.readBodilessAnswer();
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.headers("Content-Length")).as("the length a GET would have").containsExactly("5");

                // a body after the HEAD's head would be read as the start of this answer
                client.send(get("/raw/next"));
                RawClient.Answer next = client.readAnyAnswer();
                assertThat(next.status()).isEqualTo(200);
                assertThat(next.text()).isEqualTo("/raw/next");
            }
        }
    }

    @Test
    void answers_204_and_304_have_no_body_and_the_connection_stays_usable() throws Exception {
        try (ScriptedTarget target = new ScriptedTarget(); Fixture f = new Fixture()) {
            target.answer("/no-content", "HTTP/1.1 204 No Content\r\nX-Thing: yes\r\n\r\n");
            // a 304 may name the length of what it stands for (RFC 9110 8.6): still no body follows
            target.answer("/not-modified", "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 5\r\n\r\n");
            target.answer("/", ok("fine"));
            int port = listen(f, target);

            try (RawClient client = new RawClient(port)) {
                client.send(get("/no-content"));
                RawClient.Answer noContent = client.readBodilessAnswer();
                assertThat(noContent.status()).isEqualTo(204);
                assertThat(noContent.headers("X-Thing")).containsExactly("yes");

                client.send("GET /not-modified HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: \"v1\"\r\n\r\n");
                RawClient.Answer notModified = client.readBodilessAnswer();
                assertThat(notModified.status()).isEqualTo(304);
                assertThat(notModified.headers("ETag")).containsExactly("\"v1\"");

                client.send(get("/"));
                assertThat(client.readAnyAnswer().text()).isEqualTo("fine");
            }
        }
    }

    @Test
    void an_absolute_form_request_target_reaches_the_target_as_its_path_and_query() throws Exception {
        try (Fixture f = new Fixture()) {
            int port = listen(f, f.backend("web-1"));

            // RFC 9112 3.2.2: a server must accept the absolute form, which proxies and some clients send
            try (RawClient client = new RawClient(port)) {
                client.send("GET http://127.0.0.1:" + port + "/raw/movies?year=1995 HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port + "\r\n\r\n");
                RawClient.Answer answer = client.readAnyAnswer();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.text()).isEqualTo("/raw/movies?year=1995");
            }
        }
    }

    private static int listen(Fixture f, Backend backend) {
        f.group("web", backend);
        return listen(f);
    }

    private static int listen(Fixture f, ScriptedTarget target) {
        TargetGroup group = f.lb.targetGroup("web", Fixture.FAST, Duration.ofSeconds(5));
        group.register(target.target());
        Fixture.awaitHealthy(group, 1);
        return listen(f);
    }

    private static int listen(Fixture f) {
        int port = f.lb.listen("prod", "127.0.0.1", 0, address -> true);
        f.lb.route(Map.of("prod", "web"));
        return port;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String chunk(byte[] data) {
        return Integer.toHexString(data.length) + "\r\n" + latin1(data, 0, data.length) + "\r\n";
    }

    /** Bytes as the chars RawClient sends them as: one to one. */
    private static String latin1(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Of every byte value, so that a body changed on its way (a charset, a line ending) shows. */
    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /**
     * A target on a plain socket that answers each request with bytes a test wrote out: framings and headers a
     * real server picks for itself (chunks, a body ended by closing, hop-by-hop headers). Answers health checks.
     */
    private static final class ScriptedTarget implements AutoCloseable {

        /** A request as the target read it, its body unchunked. */
        record Received(String head, byte[] body) {
            String method() {
                return head.substring(0, head.indexOf(' '));
            }

            String path() {
                String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                int query = target.indexOf('?');
                return query < 0 ? target : target.substring(0, query);
            }

            List<String> headers(String name) {
                return RawClient.headers(head, name);
            }
        }

        /** Writes the answer to one request; returns whether the connection may carry another. */
        interface Script {
            boolean answer(Received request, OutputStream out) throws Exception;
        }

        private static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

        private final ServerSocket server;
        private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "scripted-target");
            thread.setDaemon(true);
            return thread;
        });
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
        private final Map<String, Script> scripts = new ConcurrentHashMap<>();
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        ScriptedTarget() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            answer("/health", ok("ok"));
            threads.execute(this::accept);
        }

        void on(String path, Script script) {
            scripts.put(path, script);
        }

        void answer(String path, String bytes) {
            on(path, (request, out) -> write(out, bytes));
        }

        void answerAndClose(String path, String bytes) {
            on(path, (request, out) -> !write(out, bytes));
        }

        Target target() {
            return new Target("scripted", URI.create("http://127.0.0.1:" + server.getLocalPort()));
        }

        /** The next request other than a health check, in the order they arrived. */
        Received next() throws InterruptedException {
            Received request = received.poll(10, TimeUnit.SECONDS);
            assertThat(request).as("a request at the target").isNotNull();
            return request;
        }

        private static boolean write(OutputStream out, String bytes) throws IOException {
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.add(socket);
                    threads.execute(() -> serve(socket));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** No read timeout: a pooled connection the target closed on its own would fail a request not retried. */
        private void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                for (String head = RawClient.readHead(in, "request"); head != null;
                     head = RawClient.readHead(in, "request")) {
                    Received request = new Received(head, body(in, head));
                    if (!request.path().equals("/health")) {
                        received.add(request);
                    }
                    Script script = scripts.getOrDefault(request.path(), (any, to) -> write(to, NOT_FOUND));
                    if (!script.answer(request, out)) {
                        return;
                    }
                }
            } catch (Exception e) {
                // the load balancer or the test closed the connection: nothing left to answer
            } finally {
                connections.remove(socket);
            }
        }

        private static byte[] body(InputStream in, String head) throws IOException {
            if (RawClient.chunked(head)) {
                return RawClient.readChunked(in);
            }
            List<String> length = RawClient.headers(head, "Content-Length");
            return length.isEmpty() ? new byte[0] : in.readNBytes(Integer.parseInt(length.get(0)));
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (Socket socket : connections) {
                socket.close();
            }
            threads.shutdownNow();
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the scripted target's threads did not end");
            }
        }
    }
}
