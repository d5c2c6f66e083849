package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.Commit;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the pipeline asks of the world around it, each behind a small interface so that the runner stays readable. */
public final class PipelinePorts {

    private PipelinePorts() {
    }

    /** The app's repository. */
    public interface Source {
        Commit resolve(String ref);

        /** A clean copy of the commit's tree in {@code into} (an empty directory). */
        void checkout(String commitId, Path into);
    }

    /** The outcome of a stage: done or not, and a sentence (with the evidence) for a person. */
    public record StepResult(boolean ok, String message) {
        public static StepResult ok(String message) {
            return new StepResult(true, message);
        }

        public static StepResult failed(String message) {
            return new StepResult(false, message);
        }
    }

    /** Runs the app's buildspec on a checkout; the artifacts land under the tag. */
    public interface Builder {
        StepResult build(Path source, String tag, String commitId, Path log, BooleanSupplier cancelled)
                throws InterruptedException;
    }

    /** The runtime: puts a build on the test side, promotes it, rolls it back, and says how production does. */
    public interface Runtime {
        StepResult deploy(String tag, String actor, BooleanSupplier cancelled) throws InterruptedException;

        /** Flips so that the build {@code tag} serves production; done already if it does. */
        StepResult promote(String tag, String actor);

        StepResult rollback(String actor, String reason);

        /** Starts watching production: each call of the supplier says what it answered since then. */
        Supplier<BakePolicy.Sample> watchProduction();
    }
}
