package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.service.ServiceHost;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Runs a service in the foreground until it is told to stop: SIGTERM, Ctrl-C, or its parent going away. */
public final class Serving {

    /**
     * A supervisor that starts us sets this and keeps our stdin open: EOF on stdin means it died (even by
     * {@code kill -9}), and a task must never outlive its supervisor.
     */
    public static final String EXIT_WITH_PARENT = "BLUEGREEN_EXIT_WITH_PARENT";

    private Serving() {
    }

    static int run(Supplier<ServiceHost> start, AutoCloseable... resources) {
        ServiceHost host;
        try {
            host = start.get();
        } catch (RuntimeException e) {
            closeAll(resources);
            throw portInUse(e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            closeAll(resources);
            flushLogs();
            stopped.countDown();
        }, "shutdown"));
        if ("stdin".equals(System.getenv(EXIT_WITH_PARENT))) {
            watchParent(host.settings().name());
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void watchParent(String name) {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // the parent never writes; we only wait for the pipe to close
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as EOF
            }
            System.err.println(name + ": supervisor gone, stopping");
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Logging is asynchronous: write out what is queued before the JVM goes. */
    private static void flushLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.stop();
        }
    }

    private static RuntimeException portInUse(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return new UserError("cannot listen: " + t.getMessage()
                        + " (is the port in use? choose another with --port)");
            }
        }
        return e;
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }
}
