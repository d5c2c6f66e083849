package dev.bluegreen.platform.lb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 client on a plain socket, for what real HTTP clients will not do on purpose: send headers a byte at a
 * time, stop reading, leave in the middle of a request.
 */
final class RawClient implements AutoCloseable {

    /** A response as read off the wire. */
    record Answer(int status, String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The values of every header of that name (case-insensitively), in order. */
        List<String> headers(String name) {
            return RawClient.headers(head, name);
        }

        boolean chunked() {
            return RawClient.chunked(head);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connected to the port on 127.0.0.1, reads given up after 10 s. */
    RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** With this receive buffer (0 for the system's): a small one holds a large response in the server's hands. */
    RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Waits at most this long for a byte: for checking that nothing comes. */
    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
        return in.read();
    }

    /** One response whose body has a Content-Length (everything the load balancer and the backends send here). */
    Answer readAnswer() throws IOException {
        String text = readHead();
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text, in.readNBytes(length));
    }

    /** The next response's head, its empty line included. */
    String readHead() throws IOException {
        String head = readHead(in, "response");
        if (head == null) {
            throw new IOException("the connection ended in the response's head: ");
        }
        return head;
    }

    /** A response without a body whatever its headers say: an interim one, or one to HEAD, a 204 or a 304. */
    Answer readBodilessAnswer() throws IOException {
        String head = readHead();
        return new Answer(status(head), head, new byte[0]);
    }

    /**
     * One response framed any way HTTP/1.1 allows: by its Content-Length, chunked (the chunks decoded, the trailers
     * dropped) or, with neither, by the end of the connection.
     */
    Answer readAnyAnswer() throws IOException {
        String head = readHead();
        List<String> length = headers(head, "Content-Length");
        byte[] body;
        if (chunked(head)) {
            body = readChunked(in);
        } else if (!length.isEmpty()) {
            body = readExactly(in, Integer.parseInt(length.get(0)));
        } else {
            body = readAllToEnd();
        }
        return new Answer(status(head), head, body);
    }

    /** Exactly that many bytes: a body whose length is known. */
    byte[] readBody(int length) throws IOException {
        return readExactly(in, length);
    }

    /** Every byte up to the end of the stream: a body the connection's end ends. */
    byte[] readAllToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** The values of every header of that name in a message's head (case-insensitively), in order. */
    static List<String> headers(String head, String name) {
        List<String> values = new ArrayList<>();
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                values.add(line.substring(prefix.length()).strip());
            }
        }
        return values;
    }

    static boolean chunked(String head) {
        return headers(head, "Transfer-Encoding").stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"));
    }

    /** A message's head up to and with its empty line, or null when the stream ends before its first byte. */
    static String readHead(InputStream in, String message) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the connection ended in the " + message + "'s head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A chunked body's data, read up to and with the empty line after its last chunk (and trailers). */
    static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // a trailer field: not part of the data
                }
                return data.toByteArray();
            }
            data.write(readExactly(in, size));
            if (!readLine(in).isEmpty()) {
                throw new IOException("no CRLF after a chunk of " + size + " bytes");
            }
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("the connection ended after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    /** A line without its CRLF. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended in a line: " + line);
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    private static int status(String head) {
        return Integer.parseInt(head.substring(9, 12));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
