package dev.bluegreen.platform.tasks;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A platform in its own JVM, for the kill -9 test: supervises "web" (honours the stdin convention) and "app" (an
 * app that ignores it), prints "ready" once both are healthy, then waits to be killed.
 */
public final class TestPlatform {

    private TestPlatform() {
    }

    public static void main(String[] args) throws Exception {
        RecordingEvents events = new RecordingEvents();
        Supervisor supervisor = new Supervisor(Path.of(args[0]), events, Clock.systemUTC(), TestTasks.settings());
        supervisor.run("web", TestTasks.definition(Map.of()), 1);
        supervisor.run("app", TestTasks.definition(Map.of("TEST_IGNORE_STDIN", "1")), 1);
        long deadline = System.nanoTime() + TestTasks.WAIT.toNanos();
        while (events.of("healthy").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println(events.of("healthy").size() == 2 ? "ready" : "not ready: " + events.all());
        System.out.flush();
        Thread.currentThread().join();
    }
}
