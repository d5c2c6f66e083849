package dev.bluegreen.bench;

import dev.bluegreen.cli.up.JvmOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built {@code bluegreen} jar, run as users run it: separate processes with the services' JVM flags. */
final class Bluegreen {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path jar;
    private final Path archive;

    /**
     * Trains a class-data-sharing archive beside the jar, as the launcher does after a build: there {@code up} finds
     * it for the tasks it starts, so that they start as they do for a user.
     */
    Bluegreen(Path jar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (bench/run does)");
        }
        this.jar = jar;
        this.archive = jar.resolveSibling("bluegreen.jsa");
        trainArchive(archive);
    }

    Path archive() {
        return archive;
    }

    /** What the launcher gives one-shot commands such as {@code load}. */
    List<String> oneShotFlags() {
        List<String> flags = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        flags.addAll(JvmOptions.cds(archive));
        return flags;
    }

    /** What the launcher and {@code up} give services. */
    List<String> serviceFlags() {
        List<String> flags = new ArrayList<>(JvmOptions.forServices());
        flags.addAll(JvmOptions.cds(archive));
        return flags;
    }

    List<String> command(List<String> jvmFlags, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command to completion; returns its output, failing on a non-zero exit. */
    String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(oneShotFlags(), args)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("bluegreen " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    private void trainArchive(Path archive) throws IOException, InterruptedException {
        Files.deleteIfExists(archive);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off", "-cp", jar.toAbsolutePath().toString(),
                "dev.bluegreen.cli.CdsTraining").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !Files.exists(archive)) {
            throw new IOException("the training run failed:\n" + out);
        }
    }

    /** Starts a service and waits until its /health answers 200. */
    Process serve(List<String> jvmFlags, int port, Path log, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(jvmFlags, args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        awaitHealthy(p, port, log);
        return p;
    }

    static void awaitHealthy(Process p, int port, Path log) throws IOException, InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the service exited:\n" + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(2);
        }
        throw new IOException("no healthy answer from " + health);
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
