package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.platform.pipeline.AppChecks;
import dev.bluegreen.platform.pipeline.BuildspecBuilds;
import dev.bluegreen.platform.pipeline.Deployments;
import dev.bluegreen.platform.pipeline.GitSource;
import dev.bluegreen.platform.pipeline.Pipeline;
import dev.bluegreen.platform.pipeline.build.BuildRunner;
import dev.bluegreen.platform.pipeline.build.BuildSandbox;
import dev.bluegreen.platform.pipeline.build.CheckRunner;
import dev.bluegreen.platform.pipeline.source.AppRepository;
import dev.bluegreen.platform.pipeline.source.CommitWatcher;
import dev.bluegreen.platform.pipeline.source.SourceException;
import dev.bluegreen.platform.state.PlatformStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local CodePipeline, wired: the app repository (opened, or created from the sample app, before any task
 * starts: a wrong one stops {@code up}), the builds, the pipeline and the watcher that starts an execution for each
 * new commit. Closing it stops them in reverse order.
 */
final class PipelineWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineWiring.class);
    private static final String LAST_COMMIT = "last-commit";

    private final PlatformConfig config;
    private final PlatformStore store;
    private final AppRepository repository;
    private final String branch;
    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();

    private PipelineWiring(PlatformConfig config, PlatformStore store, AppRepository repository, String branch) {
        this.config = config;
        this.store = store;
        this.repository = repository;
        this.branch = branch;
        closeInReverse.push(repository);
    }

    static PipelineWiring open(PlatformConfig config, PlatformStore store) {
        PipelineConfig settings = config.pipeline();
        AppRepository repository;
        try {
            repository = settings.appRepo() == null
                    ? AppRepository.openOrCreateFromSample(config.dataDir().resolve("app"))
                    : AppRepository.open(settings.appRepo());
        } catch (SourceException e) {
            throw new PlatformException("the app repository: " + e.getMessage(), e);
        }
        String branch = settings.branch() != null ? settings.branch() : repository.branch();
        try {
            repository.head(branch); // an unknown branch stops the start, naming those there are
        } catch (SourceException e) {
            repository.close();
            throw new PlatformException("the app repository: " + e.getMessage(), e);
        }
        return new PipelineWiring(config, store, repository, branch);
    }

    /**
     * Starts the pipeline (resuming what a restart left: a review still waits) and the commit watcher. On a first
     * start with the user's own app repository, its head is built, checked and deployed to both sides by the
     * pipeline's first run, as CodePipeline runs once when it is created. With the sample app, a first start only
     * remembers the head: the built-in front end both sides run already shows what it holds (the same heading,
     * colours and templates; only the footer's sentence and the version label differ); only new commits deploy.
     *
     * @param testUrl    the test listener, which the checks ask
     * @param firstStart whether the platform's state was empty
     */
    Pipeline start(Deployments deployments, URI testUrl, boolean firstStart, MeterRegistry metrics, Clock clock,
                   EventLog events) {
        PipelineConfig settings = config.pipeline();
        BuildRunner.Settings buildSettings = BuildRunner.Settings.detect(List.of(config.dataDir(),
                config.artifactsDir(), Path.of(System.getProperty("user.home"))));
        if (!buildSettings.sandbox().isolates()) {
            LOG.warn(buildSettings.sandbox().describe());
        }
        Path checkouts = checkouts(buildSettings.sandbox());
        BuildRunner builds = new BuildRunner(buildSettings);
        closeInReverse.push(builds);
        Pipeline pipeline = new Pipeline(store, new GitSource(repository, branch),
                new BuildspecBuilds(builds, config.artifactsDir(), settings.buildTimeout()),
                new AppChecks(new CheckRunner(buildSettings), testUrl), deployments,
                config.dataDir(), checkouts, new Pipeline.Settings(settings.bake(), settings.reviewTimeout(),
                Duration.ofSeconds(1)), metrics, clock);
        closeInReverse.push(pipeline);
        pipeline.resume();
        Commit head = repository.head(branch);
        String lastSeen = store.setting(LAST_COMMIT).orElseGet(() -> {
            store.saveSetting(LAST_COMMIT, head.id());
            return head.id();
        });
        closeInReverse.push(CommitWatcher.start(repository, branch, lastSeen, commit -> {
            store.saveSetting(LAST_COMMIT, commit.id());
            pipeline.start(commit, commit.author().isBlank() ? "git" : commit.author());
        }));
        events.record("platform", EventType.PIPELINE_WATCHING, branch, repository.dir());
        if (firstStart && settings.appRepo() != null && head.id().equals(lastSeen)) {
            pipeline.startFirstRun(head, "platform");
        }
        return pipeline;
    }

    /**
     * In the data directory when builds are sandboxed (they see nothing else of it); else outside it, where
     * {@code ../../token} from a checkout is not the token, deleted when the platform stops.
     */
    private Path checkouts(BuildSandbox sandbox) {
        if (sandbox.isolates()) {
            return config.dataDir().resolve("work");
        }
        try {
            Path dir = Files.createTempDirectory("bluegreen-work-");
            closeInReverse.push(() -> FileUtils.deleteQuietly(dir.toFile()));
            return dir;
        } catch (IOException e) {
            throw new PlatformException("cannot create a directory for the builds' checkouts: " + e.getMessage(), e);
        }
    }

    /** Closes everything it started, even when one part fails to close; the first failure is thrown. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!closeInReverse.isEmpty()) {
            try {
                closeInReverse.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
