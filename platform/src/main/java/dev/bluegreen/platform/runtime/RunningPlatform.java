package dev.bluegreen.platform.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the CLI finds a running platform: {@code <data-dir>/platform.json} holds its pid and its URLs while it runs.
 * A file left by a killed platform names a dead pid (or one now used by another process, with another start time)
 * and is ignored.
 *
 * @param processStart when the platform process started, as the operating system says
 * @param listeners    listener name to base URL
 */
public record RunningPlatform(long pid, String processStart, URI control, Map<String, URI> listeners) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "platform.json";
    private static final long STOP_POLL_MS = 100;

    public RunningPlatform {
        listeners = Map.copyOf(listeners);
    }

    /** The platform running with this data directory, if any. */
    public static Optional<RunningPlatform> find(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        RunningPlatform found;
        try {
            found = JSON.readValue(Files.readString(file), RunningPlatform.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PlatformException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(found).filter(RunningPlatform::isRunning);
    }

    /** Whether this platform's process still runs: the same process (not a recycled pid), and not a zombie. */
    @JsonIgnore // not a field of platform.json
    public boolean isRunning() {
        return ProcessHandle.of(pid).filter(ProcessLiveness::running)
                .filter(process -> processStart(process).equals(processStart)).isPresent();
    }

    /** Waits until the platform's process has stopped; false when it still runs after {@code timeout}. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(STOP_POLL_MS);
        }
        return true;
    }

    /** This process, with these endpoints. */
    static RunningPlatform self(URI control, Map<String, URI> listeners) {
        ProcessHandle self = ProcessHandle.current();
        return new RunningPlatform(self.pid(), processStart(self), control, listeners);
    }

    private static String processStart(ProcessHandle process) {
        return process.info().startInstant().map(Object::toString).orElse("unknown");
    }

    void write(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new PlatformException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException ignored) {
            // a stale file names a dead pid and is ignored
        }
    }
}
