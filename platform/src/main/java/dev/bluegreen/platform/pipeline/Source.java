package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.Commit;
import java.nio.file.Path;

/** The pipeline's source: the app's repository. */
public interface Source {

    /** @throws RuntimeException with a message for a person when the ref names no commit */
    Commit resolve(String ref);

    /** A clean copy of the commit's tree in {@code into} (an empty directory). */
    void checkout(String commitId, Path into);
}
