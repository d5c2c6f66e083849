package dev.bluegreen.platform.tasks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A tiny real task for the supervisor tests: serves /health on the port given as its first argument (which must
 * match env PORT). Env switches: TEST_FAIL_HEALTH=1 answers 503; TEST_EXIT_AFTER_MS / TEST_EXIT_CODE exit on their
 * own; TEST_IGNORE_TERM=1 blocks in its shutdown hook so that only SIGKILL ends it; TEST_IGNORE_STDIN=1 behaves like
 * an app that knows nothing of our stdin convention. Like our services, it stops when
 * its stdin closes if BLUEGREEN_EXIT_WITH_PARENT=stdin.
 */
public final class TestTask {

    private TestTask() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0].replace("--port=", ""));
        if (port != Integer.parseInt(System.getenv("PORT"))) {
            throw new IllegalStateException("argument port " + port + " differs from env PORT " + System.getenv("PORT"));
        }
        System.out.println("task " + System.getenv("BLUEGREEN_TASK_ID"));
        long exitAfter = Long.parseLong(env("TEST_EXIT_AFTER_MS", "-1"));
        int exitCode = Integer.parseInt(env("TEST_EXIT_CODE", "0"));
        if (exitAfter == 0) {
            System.out.println("exiting at once with " + exitCode);
            Runtime.getRuntime().halt(exitCode);
        }
        boolean ignoreTerm = "1".equals(env("TEST_IGNORE_TERM", "0"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("shutdown hook" + (ignoreTerm ? ": ignoring SIGTERM" : ""));
            System.out.flush();
            while (ignoreTerm) {
                sleep(1000);
            }
        }));
        if ("stdin".equals(System.getenv("BLUEGREEN_EXIT_WITH_PARENT")) && !"1".equals(env("TEST_IGNORE_STDIN", "0"))) {
            watchStdin();
        }
        int status = "1".equals(env("TEST_FAIL_HEALTH", "0")) ? 503 : 200;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on " + port);
        if (exitAfter > 0) {
            sleep(exitAfter);
            System.out.println("exiting with " + exitCode);
            Runtime.getRuntime().halt(exitCode);
        }
        Thread.currentThread().join();
    }

    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // never written to: we wait for EOF
                }
            } catch (IOException ignored) {
                // same as EOF
            }
            System.out.println("stdin closed");
            Runtime.getRuntime().halt(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
