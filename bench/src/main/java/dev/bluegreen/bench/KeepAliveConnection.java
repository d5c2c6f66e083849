package dev.bluegreen.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection to 127.0.0.1, kept alive across requests: the load generator needs to know which
 * connection each request went over (a flip must reach connections that stay open), which the JDK's client hides.
 * Only what our servers and nginx answer is understood: a Content-Length or a chunked body.
 */
final class KeepAliveConnection implements Closeable {

    record Response(int status, String body, boolean serverWillClose) {
    }

    private static final int TIMEOUT_MS = 5_000;
    private static final int MAX_LINE = 16 * 1024;

    private final SocketChannel channel;
    private final Socket socket;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private final InputStream in;
    private final OutputStream out;
    private final byte[] request;

    KeepAliveConnection(int port, String path) throws IOException {
        // a channel, for a non-blocking look before each request; its socket's streams for the blocking exchange
        channel = SocketChannel.open();
        socket = channel.socket();
        socket.setTcpNoDelay(true);
        // a request not answered in 5 s counts as failed, it does not hang the run
        socket.setSoTimeout(TIMEOUT_MS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: bluegreen-bench\r\n"
                + "Accept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether the server has closed this connection while it was idle (as nginx does to kept-alive connections when
     * it reloads). HTTP clients notice that before they reuse a connection, so this one does too; a server that
     * closes in the instant between this look and the request is still a failed request, as it is for them.
     */
    boolean closedByServer() throws IOException {
        channel.configureBlocking(false);
        try {
            probe.clear();
            return channel.read(probe) != 0; // -1: closed; bytes nobody asked for: unusable
        } finally {
            channel.configureBlocking(true);
        }
    }

    Response get() throws IOException {
        out.write(request);
        out.flush();
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers, ignored
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            throw new IOException("a response without Content-Length or chunked body cannot be kept alive");
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8), close);
    }

    private void copy(long size, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = size; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed in a body");
            }
            body.write(buffer, 0, n);
            left -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException(s.length() == 0 ? "connection closed by the server" : "connection closed in a "
                        + "header");
            }
            if (b != '\r') {
                s.append((char) b);
            }
            if (s.length() > MAX_LINE) {
                throw new IOException("header line too long");
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
