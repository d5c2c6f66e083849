package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.platform.pipeline.source.AppRepository;
import java.nio.file.Path;

/** The app's git repository as the pipeline's source; {@code HEAD} means the watched branch's head. */
public final class GitSource implements Source {

    private final AppRepository repository;
    private final String branch;

    public GitSource(AppRepository repository, String branch) {
        this.repository = repository;
        this.branch = branch;
    }

    @Override
    public Commit resolve(String ref) {
        return "HEAD".equals(ref) ? repository.head(branch) : repository.resolve(ref);
    }

    @Override
    public void checkout(String commitId, Path into) {
        repository.checkout(commitId, into);
    }
}
