package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.Outcome;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Where the pipeline's builds run: the app's buildspec on a checkout; the artifacts land under the tag. */
public interface Builds {

    /** Done with what was built, or not with the reason and the evidence (the output's last lines). */
    Outcome build(Path source, String tag, String commitId, Path log, BooleanSupplier cancelled)
            throws InterruptedException;
}
