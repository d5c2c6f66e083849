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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A built checkout of bluegreen, run as users run it: separate processes, the class-data-sharing archive its
 * launcher trains, the JVM flags its launcher gives {@code up}. Usually this very checkout; another one (an older
 * commit, built) serves as the baseline of a before/after comparison.
 */
final class Bluegreen {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** The line of the launcher that gives long-running commands their flags: {@code api|web|up) java_opts=(...)}. */
    private static final Pattern UP_FLAGS = Pattern.compile("api\\|web\\|up\\) java_opts=\\(([^)]*)\\)");

    private final Path root;
    private final Path jar;
    private final Path archive;
    private final List<String> launcherUpFlags;
    private String label;

    /**
     * The checkout at {@code root}, whose jar must be built: runs its launcher once (which trains the class archive
     * beside the jar, as it does for a user after a build; there {@code up} finds it for the tasks it starts) and
     * reads the flags it gives {@code up}.
     */
    Bluegreen(Path root) throws IOException, InterruptedException {
        this.root = root.toAbsolutePath();
        this.jar = this.root.resolve("cli/target/bluegreen.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (bench/run does)");
        }
        this.archive = jar.resolveSibling("bluegreen.jsa");
        Path launcher = this.root.resolve("bluegreen");
        Matcher flags = UP_FLAGS.matcher(Files.readString(launcher));
        if (!flags.find()) {
            throw new IllegalStateException(launcher + " has no line 'api|web|up) java_opts=(...)' to read the "
                    + "flags of up from");
        }
        this.launcherUpFlags = List.of(flags.group(1).trim().split("\\s+"));
        Files.deleteIfExists(archive);
        Process p = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !Files.exists(archive)) {
            throw new IOException(launcher + " --version did not train the class archive " + archive + ":\n" + out);
        }
    }

    Path jar() {
        return jar;
    }

    Path archive() {
        return archive;
    }

    /**
     * What the build is, for a table: the commit of its checkout, marked "+changes" when files other than
     * BENCHMARKS.md (which the benchmarks themselves rewrite) differ from it; its path when it is no git checkout.
     */
    String label() {
        if (label == null) {
            label = describe();
        }
        return label;
    }

    private String describe() {
        try {
            String commit = git("rev-parse", "--short", "HEAD");
            String changes = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)BENCHMARKS.md");
            return commit + (changes.isEmpty() ? "" : "+changes");
        } catch (IOException e) {
            return root.toString();
        }
    }

    private String git(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** What the launcher gives one-shot commands such as {@code load}. */
    List<String> oneShotFlags() {
        List<String> flags = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        flags.addAll(JvmOptions.cds(archive));
        return flags;
    }

    /** What {@code up} gives the services it starts (this checkout's code). */
    List<String> serviceFlags() {
        List<String> flags = new ArrayList<>(JvmOptions.forServices());
        flags.addAll(JvmOptions.cds(archive));
        return flags;
    }

    /** What the launcher gives {@code up} itself: the flags of its own line, and the archive it trained. */
    List<String> upFlags() {
        List<String> flags = new ArrayList<>(launcherUpFlags);
        flags.addAll(JvmOptions.cds(archive));
        return flags;
    }

    List<String> command(List<String> jvmFlags, String... args) {
        return command(Path.of(System.getProperty("java.home"), "bin", "java"), jvmFlags, args);
    }

    /** The command that runs this build with another JVM. */
    List<String> command(Path java, List<String> jvmFlags, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
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
