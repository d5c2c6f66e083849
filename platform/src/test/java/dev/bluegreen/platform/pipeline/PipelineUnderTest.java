package dev.bluegreen.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A pipeline over fake ports and a real store in a temporary data directory, with a short bake (by default a tenth
 * of a second, sampled every 10 ms) so that a whole run takes moments.
 */
final class PipelineUnderTest implements AutoCloseable {

    static final Duration SHORT_BAKE = Duration.ofMillis(100);
    /** A bake that a breach ends long before its window does, however slowly the machine runs. */
    static final Duration LONG_BAKE = Duration.ofMinutes(5);
    static final String STORE_FILE = "platform.db";
    /** Far more than anything here takes, for the machine may be busy; the tests never measure time. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final FakeSource source = new FakeSource();
    final FakeBuilds builds = new FakeBuilds();
    final FakeChecks checks = new FakeChecks();
    final FakeDeployments deployments = new FakeDeployments();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final Path dataDir;
    final PlatformStore store;
    final Pipeline pipeline;

    /** @param reviewTimeout null: a review waits as long as it takes */
    PipelineUnderTest(Path dataDir, Duration reviewTimeout, Duration bakeWindow, Clock clock) {
        this.dataDir = dataDir;
        this.store = PlatformStore.open(dataDir.resolve(STORE_FILE));
        this.pipeline = new Pipeline(store, source, builds, checks, deployments, dataDir, dataDir.resolve("work"),
                new Pipeline.Settings(bake(bakeWindow), reviewTimeout, Duration.ofMillis(10)), metrics, clock);
    }

    PipelineUnderTest(Path dataDir, Duration reviewTimeout, Duration bakeWindow) {
        this(dataDir, reviewTimeout, bakeWindow, Clock.systemUTC());
    }

    PipelineUnderTest(Path dataDir) {
        this(dataDir, null, SHORT_BAKE);
    }

    /** At most 5 % of 5xx and a p99 of 2 s, judged from 10 requests on. */
    static BakePolicy bake(Duration window) {
        return new BakePolicy(window, 0.05, Duration.ofSeconds(2), 10);
    }

    /** A new commit, as the watcher reports it: the id of the execution it started. */
    long commit(String subject) {
        Outcome started = pipeline.start(source.commit(subject), "ada");
        assertThat(started.done()).as(started.message()).isTrue();
        return (Long) started.details().get("execution");
    }

    /** The pipeline's first run, for a commit that is the app's head when it is created. */
    long firstRun(String subject) {
        Outcome started = pipeline.startFirstRun(source.commit(subject), "platform");
        assertThat(started.done()).as(started.message()).isTrue();
        return (Long) started.details().get("execution");
    }

    Execution execution(long id) {
        return store.execution(id).orElseThrow(() -> new AssertionError("no execution #" + id));
    }

    Execution await(long id, ExecutionStatus status) {
        Await.until("execution #" + id + " " + status, PATIENCE, () -> execution(id).status() == status,
                () -> "it is " + execution(id).describe());
        return execution(id);
    }

    /** The run up to its review, approved. */
    Execution approved(long id) {
        Execution waiting = await(id, ExecutionStatus.AWAITING_APPROVAL);
        Outcome approval = pipeline.approve(id, waiting.tag(), "grace");
        assertThat(approval.done()).as(approval.message()).isTrue();
        return waiting;
    }

    /** Oldest first. */
    List<EventType> events() {
        List<EventType> types = new ArrayList<>(store.events(1000).stream().map(Event::type).toList());
        Collections.reverse(types);
        return types;
    }

    double executionsEnded(String outcome) {
        return metrics.counter("bluegreen.pipeline.executions", "outcome", outcome).count();
    }

    @Override
    public void close() {
        pipeline.close();
        store.close();
    }
}
