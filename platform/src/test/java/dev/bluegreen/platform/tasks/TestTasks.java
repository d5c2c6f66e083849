package dev.bluegreen.platform.tasks;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/** Definitions that run {@link TestTask}, and supervisor settings fast enough for tests. */
final class TestTasks {

    static final Duration WAIT = Duration.ofSeconds(30);

    private TestTasks() {
    }

    static List<String> command() {
        List<String> command = new ArrayList<>(javaCommand(TestTask.class));
        command.add("--port=${PORT}");
        return command;
    }

    static TaskDefinition definition(Map<String, String> env) {
        return new TaskDefinition("test", command(), env, "/health", Duration.ofSeconds(20), Duration.ofSeconds(5));
    }

    static SupervisorSettings settings() {
        return new SupervisorSettings(Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(300),
                Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)), Duration.ofSeconds(2));
    }

    static Supervisor supervisor(Path dataDir, TaskEvents events) {
        return new Supervisor(dataDir, events, Clock.systemUTC(), settings());
    }

    /**
     * Our own classes, and the logging the supervisor needs: the test task needs nothing but the JDK, the test
     * platform only SLF4J and Logback (without a binding SLF4J warns on stderr, before the platform's "ready").
     */
    static String classpath() {
        return Stream.of(Supervisor.class, TestTask.class, LoggerFactory.class, ch.qos.logback.classic.Logger.class,
                ch.qos.logback.core.Appender.class).map(TestTasks::location).distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> javaCommand(Class<?> main) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp",
                classpath(), main.getName());
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
