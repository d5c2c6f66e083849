package dev.bluegreen.platform.control;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request over a plain socket, for what java.net.http will not do: send a {@code Host} of our choosing
 * (as a browser does for a page whose name an attacker re-pointed) or leave from another loopback address (as
 * another machine would arrive).
 */
final class RawHttp {

    record Response(int status, String head, String body) {
    }

    private RawHttp() {
    }

    /** {@code head} holds the extra header lines, each ending with CRLF. */
    static Response send(InetAddress from, InetAddress to, int port, String method, String path, String host,
                         String head, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(to, port), 2_000);
            socket.setSoTimeout(10_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + head
                    + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String headers = split < 0 ? answer : answer.substring(0, split);
            return new Response(Integer.parseInt(headers.split(" ", 3)[1]), headers,
                    split < 0 ? "" : answer.substring(split + 4));
        }
    }

    static Response get(int port, String path, String host) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return send(loopback, loopback, port, "GET", path, host, "", "");
    }
}
