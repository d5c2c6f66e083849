package dev.bluegreen.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real moto server ({@code python3 -m moto.server}) on a free loopback port, as a child process, for tests that
 * talk to AWS APIs (any of them: moto serves every service on one port).
 *
 * <p>Per test class: {@code @BeforeAll moto = MotoServer.start(); ... @AfterAll moto.close()}. Per JVM:
 * {@link #shared()}, stopped by a shutdown hook. Call {@link #reset()} to forget every resource. Clients should use
 * {@link #endpoint()}, any region, and the credentials {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 *
 * <p>When python3 or moto is missing this fails, loudly, with what to install: tests relying on it must not
 * silently skip.
 */
public final class MotoServer implements AutoCloseable {

    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";

    /** {@code BLUEGREEN_PYTHON} overrides the interpreter (e.g. a virtualenv's python). */
    private static final String PYTHON = System.getenv().getOrDefault("BLUEGREEN_PYTHON", "python3");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int OUTPUT_LINES_KEPT = 200;
    private static final int PORT_ATTEMPTS = 3;

    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;
    private final Deque<String> output;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, URI endpoint, Deque<String> output) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
        // the safety net for a test run that ends without close(): never leave a moto behind
        this.shutdownHook = new Thread(this::stop, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a new server and waits until it answers; the caller closes it. */
    public static MotoServer start() {
        return start(PYTHON);
    }

    /** With another interpreter (this harness's own tests use a broken one). */
    static MotoServer start(String python) {
        IllegalStateException last = null;
        // the free port is found before moto binds it: another process may take it in between, so try again
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                return startOn(python, freePort());
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    /** One server for the whole JVM, started on first use; never close it, a shutdown hook stops it. */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The moto process's id, e.g. to check that it is gone. */
    public long pid() {
        return process.pid();
    }

    /** Forgets every resource of every service (moto's {@code POST /moto-api/reset}). */
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto at " + endpoint + " answered POST /moto-api/reset with "
                    + response.statusCode() + ", expected 200: " + response.body());
        }
    }

    /** The last lines moto printed (its request log and any traceback), for failure messages. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: nothing to undo
        }
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static MotoServer startOn(String python, int port) {
        String host = "127.0.0.1";
        List<String> command = List.of(python, "-m", "moto.server", "-H", host, "-p", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        cleanEnvironment(builder.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + python + " to start moto (" + e.getMessage() + "): "
                    + "tests against AWS APIs need python3 with moto's server: pip install 'moto[server]'"
                    + " (or set BLUEGREEN_PYTHON to an interpreter that has it)", e);
        }
        Deque<String> output = new ArrayDeque<>();
        drain(process, output, port);
        MotoServer server = new MotoServer(process, URI.create("http://" + host + ":" + port), output);
        try {
            server.awaitReady(String.join(" ", command));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Only what moto needs, and nothing secret: the fake credentials replace whatever AWS settings are around. */
    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(name -> {
            String n = name.toUpperCase(Locale.ROOT);
            return n.startsWith("AWS_") || n.contains("SECRET") || n.contains("TOKEN") || n.contains("PASSWORD")
                    || n.contains("CREDENTIAL") || n.endsWith("_KEY");
        });
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // moto logs each request; unbuffered, its output is complete when it dies
        env.put("PYTHONUNBUFFERED", "1");
    }

    /** Moto's output must be read continuously, or it blocks once the pipe is full; only the tail is kept. */
    private static void drain(Process process, Deque<String> output, int port) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > OUTPUT_LINES_KEPT) {
                            output.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone: so is its output
            }
        }, "moto-output-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    private void awaitReady(String command) {
        URI probe = endpoint.resolve("/moto-api/");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String out = awaitOutput();
                if (out.contains("Address already in use")) {
                    throw new PortTaken("port " + endpoint.getPort() + " was taken before moto could bind it");
                }
                String hint = out.contains("No module named") ? " (is moto installed? pip install 'moto[server]')" : "";
                throw new IllegalStateException("moto exited with code " + process.exitValue() + " before answering "
                        + "GET " + probe + hint + "; command: " + command + "; output:\n" + out);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(probe)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastProblem = "status " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto at " + probe, e);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("moto did not answer GET " + probe + " with status 200 within "
                + STARTUP_TIMEOUT.toSeconds() + " s (last: " + lastProblem + "); command: " + command + "; output:\n"
                + output());
    }

    /** The reader thread may still be copying the last lines of a process that just died. */
    private String awaitOutput() {
        for (int i = 0; i < 20 && output().isEmpty(); i++) {
            sleep(Duration.ofMillis(50));
        }
        sleep(Duration.ofMillis(100));
        return output();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto at " + endpoint + " did not answer " + request.method() + " "
                    + request.uri() + "; output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto at " + endpoint, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for moto", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "moto at " + endpoint;
    }
}
