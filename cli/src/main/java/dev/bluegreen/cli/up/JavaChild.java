package dev.bluegreen.cli.up;

import dev.bluegreen.cli.movies.Serving;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bluegreen command run as a child process on this same JVM build and classpath, its output appended to a log
 * file. The child's stdin is a pipe that we hold open: when we die, even by {@code kill -9}, the child reads EOF
 * and stops, so no task outlives its parent.
 */
final class JavaChild {

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    JavaChild(String name, List<String> bluegreenArgs, Map<String, String> env, Path log) {
        this.name = name;
        this.command = javaCommand(bluegreenArgs);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    private static List<String> javaCommand(List<String> bluegreenArgs) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(JvmOptions.forServices());
        String logging = System.getProperty("logback.configurationFile");
        if (logging != null) {
            cmd.add("-Dlogback.configurationFile=" + logging);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.bluegreen.cli.Main"));
        cmd.addAll(bluegreenArgs);
        return cmd;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized void start() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put(Serving.EXIT_WITH_PARENT, "stdin");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGTERM, then SIGKILL when the child has not stopped within {@code grace}. */
    void stop(Duration grace) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the child's log, to explain a failure. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
