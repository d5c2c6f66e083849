package dev.bluegreen.platform.lb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;

/** The load balancer's own answers: small JSON bodies a person can read, like the services' errors. */
final class Problems {

    private Problems() {
    }

    /** The whole answer as bytes; {@code close} tells the client its connection closes after it. */
    static ByteBuffer answer(int status, String error, String message, boolean close) {
        byte[] body = ("{\"error\":\"" + escape(error) + "\",\"message\":\"" + escape(message) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + " " + HttpStatus.getMessage(status)
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nCache-Control: no-store\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
