package dev.bluegreen.platform.tasks;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        return new SupervisorSettings(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)), Duration.ofSeconds(2));
    }

    static Supervisor supervisor(Path dataDir, TaskEvents events) {
        return new Supervisor(dataDir, events, Clock.systemUTC(), settings());
    }

    /** Our own classes only: the test task and platform need nothing but the JDK. */
    static String classpath() {
        return location(Supervisor.class) + java.io.File.pathSeparator + location(TestTask.class);
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
