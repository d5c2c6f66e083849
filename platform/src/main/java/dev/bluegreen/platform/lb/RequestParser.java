package dev.bluegreen.platform.lb;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a client's request head from the bytes it sent, checks it as an HTTP/1.1 server must (RFC 9112), and writes
 * in the same pass the head its target receives: the request line and the client's headers as sent (the path and
 * query raw, the Host kept), without the hop-by-hop ones, with {@code X-Forwarded-For/-Proto/-Port/-Host} as an ALB
 * sends them, and the body's framing. What the load balancer cannot pass on safely is refused with its status: a
 * malformed head (400), one too large (431), an ambiguous body (400: the smuggling of a second request in a body).
 */
final class RequestParser {

    /** Beyond this the head is refused (431): more than any browser sends. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    /**
     * What depends only on the client's connection: its address, the forwarded headers that never change, and the
     * address it connected to, the Host of a request without one (HTTP/1.0).
     */
    record ConnectionPart(byte[] remote, byte[] fixed, byte[] local) {
        static ConnectionPart of(InetAddress remote, SocketAddress localAddress) {
            InetSocketAddress local = localAddress instanceof InetSocketAddress address ? address
                    : new InetSocketAddress(0);
            String host = local.getAddress() instanceof Inet6Address ? "[" + local.getAddress().getHostAddress() + "]"
                    : local.getAddress().getHostAddress();
            return new ConnectionPart(ascii(remote == null ? "unknown" : remote.getHostAddress()),
                    ascii("X-Forwarded-Proto: http\r\nX-Forwarded-Port: " + local.getPort() + "\r\n"),
                    ascii(host + ":" + local.getPort()));
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Why a head is refused: the status and the reason the client reads. */
    static final class BadRequest extends Exception {
        final int status;
        final String error;

        BadRequest(int status, String error, String message) {
            super(message, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private RequestParser() {
    }

    /**
     * The request whose head starts at the buffer's position, once the head is complete (the position then moves
     * past it), or null while more bytes are needed. Empty lines before a request are skipped, as RFC 9112 asks.
     */
    static ClientRequest parse(ByteBuffer in, ConnectionPart connection) throws BadRequest {
        while (in.hasRemaining() && (in.get(in.position()) == '\r' || in.get(in.position()) == '\n')) {
            in.position(in.position() + 1);
        }
        HeadWindow head = HeadWindow.of(in, MAX_HEAD_BYTES + 1, RequestParser::endOfHead);
        if (head.end() < 0) {
            if (in.remaining() > MAX_HEAD_BYTES) {
                throw new BadRequest(431, "request_header_fields_too_large",
                        "the request's headers are larger than " + MAX_HEAD_BYTES + " bytes");
            }
            return null;
        }
        in.position(in.position() + head.end());
        return new RequestLines(head.bytes(), head.end(), connection).request();
    }

    /** Where the head ends (just after its empty line), or -1. A line may end with CRLF or a bare LF. */
    private static int endOfHead(byte[] head) {
        int lineStart = 0;
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                int lineLength = i - lineStart - (i > lineStart && head[i - 1] == '\r' ? 1 : 0);
                if (lineLength == 0 && lineStart != 0) {
                    return i + 1;
                }
                lineStart = i + 1;
            }
        }
        return -1;
    }

    /** Whether the bytes at {@code at} are the text's (ASCII). */
    static boolean matches(byte[] bytes, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A character of a token (RFC 9110 5.6.2): a method or a header's name. */
    static boolean token(byte b) {
        return b > ' ' && b < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(b) < 0;
    }
}
