package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Builds that succeed unless told otherwise, writing a log and remembering what they were given. */
final class FakeBuilds implements Builds {

    /** What one build call was given, and saw. */
    record Call(String tag, String commitId, String checkedOut, boolean cancelled) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Gate> holds = new ConcurrentLinkedQueue<>();
    volatile Outcome failure;

    /** The next build waits at this gate. */
    Gate holdNext() {
        Gate gate = new Gate();
        holds.add(gate);
        return gate;
    }

    @Override
    public Outcome build(Path source, String tag, String commitId, Path log, BooleanSupplier cancelled)
            throws InterruptedException {
        Path checkout = source.resolve(FakeSource.CHECKED_OUT);
        String checkedOut = Files.isRegularFile(checkout) ? read(checkout) : null;
        Gate gate = holds.poll();
        boolean passed = gate == null || gate.pass(cancelled);
        calls.add(new Call(tag, commitId, checkedOut, !passed));
        if (!passed) {
            return Outcome.failed("build cancelled");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "building " + tag + "\n");
        } catch (IOException e) {
            return Outcome.failed(e.toString());
        }
        return failure != null ? failure : Outcome.done("built " + tag);
    }

    List<String> tags() {
        return calls.stream().map(Call::tag).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
