package dev.bluegreen.aws.checks;

import dev.bluegreen.appconfig.checks.HttpChecker;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.check.CommandCheck;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link CommandCheck} as the Check action runs it: {@code bash -c} in the app's checkout, as CodeBuild runs a
 * buildspec's commands (the build's container is the sandbox there), with the container's environment plus {@code
 * $TEST_URL}, {@code $BLUEGREEN_TAG} and {@code $BLUEGREEN_COMMIT}. It passes when it exits 0 within its time limit,
 * as locally, and whatever it leaves running ends with it: its shell starts a session of its own ({@code setsid}),
 * whose processes are all killed once it ends. Its output goes to a file, not a pipe, so that nothing it started can
 * hold the check; the file is copied into the log once it ends, and its last lines are the check's output.
 */
final class ShellCheck {

    private static final int OUTPUT_LINES = 10;
    /** At most this much of one command's output is copied into the log. */
    private static final long LOG_CAP = 1024 * 1024;
    /** Where the last lines are looked for when the output was longer than that. */
    private static final int TAIL_BYTES = 8 * 1024;

    private static final boolean SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .anyMatch(path -> Files.isExecutable(Path.of(path)));

    private final Path checkout;
    private final Map<String, String> variables;
    private final PrintStream log;

    ShellCheck(Path checkout, Map<String, String> variables, PrintStream log) {
        this.checkout = checkout;
        this.variables = Map.copyOf(variables);
        this.log = log;
    }

    CheckResult run(CommandCheck check) throws InterruptedException {
        long start = System.nanoTime();
        Path output = null;
        try {
            output = Files.createTempFile("bluegreen-check-", ".out");
            log.println("Check '" + check.name() + "': running command " + check.command());
            ProcessBuilder builder = new ProcessBuilder(inSession("bash", "-c", check.command()))
                    .directory(checkout.toFile())
                    // a command that reads its input would otherwise wait for ever
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(variables);
            Process process = builder.start();
            boolean exited = process.waitFor(check.timeout().toNanos(), TimeUnit.NANOSECONDS);
            endSession(process);
            List<String> lines = copyToLog(output);
            if (!exited) {
                return CheckResult.failed(check.name(), "the command did not finish within "
                        + HttpChecker.seconds(check.timeout()), lines, since(start));
            }
            return process.exitValue() == 0
                    ? CheckResult.passed(check.name(), "the command exited 0 in " + since(start).toMillis() + " ms",
                            since(start))
                    : CheckResult.failed(check.name(), "the command exited with code " + process.exitValue(), lines,
                            since(start));
        } catch (IOException e) {
            return CheckResult.failed(check.name(), "the command could not run: " + e.getMessage(), List.of(),
                    since(start));
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file of a container that goes away after the build
                }
            }
        }
    }

    /**
     * The command line in a session of its own where {@code setsid} exists. The JVM's child is never a process group
     * leader, so setsid does not fork: the child's pid is the session's and its process group's id.
     */
    private static List<String> inSession(String... commandLine) {
        List<String> line = new ArrayList<>(List.of(commandLine));
        if (SETSID) {
            line.add(0, "setsid");
        }
        return line;
    }

    /** Kills the command and every process of its group: what it left running in the background too. */
    private static void endSession(Process process) throws InterruptedException {
        if (SETSID) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no kill: the descendants below, and CodeBuild's container ends after the build anyway
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    /** Copies the command's output into the log (its first megabyte); returns its last lines. */
    private List<String> copyToLog(Path output) throws IOException {
        long size = Files.size(output);
        byte[] start;
        try (InputStream in = Files.newInputStream(output)) {
            start = in.readNBytes((int) Math.min(size, LOG_CAP));
        }
        List<String> lines = new String(start, StandardCharsets.UTF_8).lines().toList();
        lines.forEach(log::println);
        if (size > LOG_CAP) {
            log.println("Output over the log's cap of 1 MB dropped: " + (size - LOG_CAP) + " bytes");
            try (var file = FileChannel.open(output)) {
                ByteBuffer end = ByteBuffer.allocate(TAIL_BYTES);
                file.read(end, size - TAIL_BYTES);
                lines = new String(end.array(), 0, end.position(), StandardCharsets.UTF_8).lines().toList();
            }
        }
        return lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size());
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
