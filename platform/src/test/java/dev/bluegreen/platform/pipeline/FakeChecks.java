package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.check.CheckResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Checks that pass unless told otherwise, remembering which builds they checked and whether the checkout was there. */
final class FakeChecks implements Checks {

    /** What one call was given, and saw. */
    record Call(String tag, boolean checkoutThere, boolean cancelled) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Gate> holds = new ConcurrentLinkedQueue<>();
    volatile Outcome failure;
    /** When set, the checks' results, as the app's checks report them. */
    volatile List<CheckResult> results;

    /** The next checks wait at this gate. */
    Gate holdNext() {
        Gate gate = new Gate();
        holds.add(gate);
        return gate;
    }

    @Override
    public Outcome run(Path checkout, String tag, String commitId, Path log, BooleanSupplier cancelled)
            throws InterruptedException {
        Gate gate = holds.poll();
        boolean passed = gate == null || gate.pass(cancelled);
        calls.add(new Call(tag, Files.isDirectory(checkout), !passed));
        if (!passed) {
            return Outcome.failed("checks cancelled");
        }
        if (results != null) {
            return CheckResult.verdict(results).with(RESULTS, results);
        }
        return failure != null ? failure : Outcome.done("2 checks passed on the test side");
    }

    List<String> tags() {
        return calls.stream().map(Call::tag).toList();
    }
}
