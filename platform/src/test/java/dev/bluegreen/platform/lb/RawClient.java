package dev.bluegreen.platform.lb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended in the response's head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text, in.readNBytes(length));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
