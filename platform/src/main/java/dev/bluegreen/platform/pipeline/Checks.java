package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Where the pipeline checks a build once it is on the test side: the app's checks, against the test listener. */
public interface Checks {

    /** The outcome's detail holding each check's {@link dev.bluegreen.core.check.CheckResult}, in order. */
    String RESULTS = "results";

    /**
     * Done when every check passed (or the app declares none), else not done, naming each failed check with its
     * reason and output; what each check did goes to the build's log, and how each went to {@link #RESULTS}.
     *
     * @param checkout the build's checkout, as the build left it: where the checks are declared and commands run
     */
    Outcome run(Path checkout, String tag, String commitId, Path log, BooleanSupplier cancelled)
            throws InterruptedException;
}
