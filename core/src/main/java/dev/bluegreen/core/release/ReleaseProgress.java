package dev.bluegreen.core.release;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one execution's release is: the strategy it follows, who chose it, and every step taken so far with how it
 * went. Immutable; the pipeline records a new value at each step, so that a restart knows which step to resume and
 * a person sees each verdict with its figures.
 *
 * @param chosenBy where the strategy comes from: {@link #APP_FILE}, {@link #DEFAULT}, or who chose it when approving
 */
public record ReleaseProgress(ReleaseStrategy strategy, String chosenBy, List<Step> steps) {

    /** The strategy comes from the app repository's release file. */
    public static final String APP_FILE = "release.yml";
    /** No release file: all at once, the seed's flip. */
    public static final String DEFAULT = "default";

    /** How a step went. */
    public enum Result {
        /** Its share of production is on the new build and its interval not over yet. */
        RUNNING,
        /** Judged: the new side did as well as the old one and kept to the limits. */
        PASSED,
        /** Too few requests to judge: nothing concluded, the release goes on. */
        NOT_JUDGED,
        /** Judged worse than the old side or over the limits: production went back to the old side. */
        BREACHED,
        /** Ended before its interval was over, by a person or by a change nobody made through this release. */
        STOPPED,
        /** The last step: all of production on the new build (the flip). */
        PROMOTED
    }

    /**
     * One step: {@code percent} of production on the new build from {@code startedAt}.
     *
     * @param note    the figures of its verdict, or why it stopped; empty while it runs
     * @param resumed whether its interval started again after a restart (from {@code startedAt})
     */
    public record Step(int percent, Instant startedAt, Instant endedAt, Result result, String note, boolean resumed) {
        public Step {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(result, "result");
            note = note == null ? "" : note;
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("a step is 1 to 100 % of production, not " + percent);
            }
        }

        public boolean running() {
            return result == Result.RUNNING;
        }
    }

    public ReleaseProgress {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(chosenBy, "chosenBy");
        steps = List.copyOf(steps);
    }

    /** Before the first step. */
    public static ReleaseProgress of(ReleaseStrategy strategy, String chosenBy) {
        return new ReleaseProgress(strategy, chosenBy, List.of());
    }

    /** All at once, the strategy of an app without a release file (and of executions from before strategies). */
    public static ReleaseProgress allAtOnce() {
        return of(ReleaseStrategy.ALL_AT_ONCE, DEFAULT);
    }

    /** Whether production moves in judged steps rather than all at once. */
    public boolean stepped() {
        return strategy.steps().size() > 1;
    }

    /** Another strategy, chosen before any step (an approval that overrides the app's). */
    public ReleaseProgress choose(ReleaseStrategy other, String by) {
        if (!steps.isEmpty()) {
            throw new IllegalStateException("the release has started: its strategy can no longer change");
        }
        return of(other, by);
    }

    /** The step whose interval is not over yet, if any. */
    public Optional<Step> running() {
        return steps.isEmpty() || !steps.get(steps.size() - 1).running() ? Optional.empty()
                : Optional.of(steps.get(steps.size() - 1));
    }

    /** The share of production the new build has had since the last step started (0 before the first). */
    public int lastPercent() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).percent();
    }

    /** The share of the step that runs now or comes next: empty once every step is taken. */
    public Optional<Integer> nextPercent() {
        if (running().isPresent()) {
            return Optional.of(lastPercent());
        }
        List<Integer> planned = strategy.steps();
        return steps.size() < planned.size() ? Optional.of(planned.get(steps.size())) : Optional.empty();
    }

    /** "step 1 of 2 (10 %)" for the step that runs now or comes next. */
    public String where() {
        int index = running().isPresent() ? steps.size() : steps.size() + 1;
        return "step " + index + " of " + strategy.steps().size() + " (" + nextPercent().orElse(lastPercent())
                + " %)";
    }

    /** The next step starts now: {@code percent} of production is on the new build. */
    public ReleaseProgress started(int percent, Instant now) {
        if (running().isPresent() || nextPercent().filter(next -> next == percent).isEmpty()) {
            throw new IllegalStateException("the next step of " + strategy.spec() + " is not " + percent + " %");
        }
        Result result = percent == 100 ? Result.PROMOTED : Result.RUNNING;
        return with(new Step(percent, now, percent == 100 ? now : null, result, "", false));
    }

    /** After a restart the running step's interval starts again, at the same share. */
    public ReleaseProgress resumed(Instant now) {
        Step step = running().orElseThrow(() -> new IllegalStateException("no step is running"));
        return replaceLast(new Step(step.percent(), now, null, Result.RUNNING, "", true));
    }

    /** The running step judged. */
    public ReleaseProgress judged(StepAnalysis.Verdict verdict, Instant now) {
        Result result = !verdict.passed() ? Result.BREACHED : verdict.judged() ? Result.PASSED : Result.NOT_JUDGED;
        return ended(result, verdict.breach().orElse(verdict.figures()), now);
    }

    /** The running step ended before its interval was over. */
    public ReleaseProgress stopped(String why, Instant now) {
        return ended(Result.STOPPED, why, now);
    }

    private ReleaseProgress ended(Result result, String note, Instant now) {
        Step step = running().orElseThrow(() -> new IllegalStateException("no step is running"));
        return replaceLast(new Step(step.percent(), step.startedAt(), now, result, note, step.resumed()));
    }

    private ReleaseProgress with(Step step) {
        List<Step> more = new ArrayList<>(steps);
        more.add(step);
        return new ReleaseProgress(strategy, chosenBy, more);
    }

    private ReleaseProgress replaceLast(Step step) {
        List<Step> changed = new ArrayList<>(steps);
        changed.set(changed.size() - 1, step);
        return new ReleaseProgress(strategy, chosenBy, changed);
    }
}
