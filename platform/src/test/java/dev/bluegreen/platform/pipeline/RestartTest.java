package dev.bluegreen.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Commit;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.PipelineEvent;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.StageStatus;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.platform.state.PlatformStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What {@code resume()} makes of the executions a stopped platform left, at each stage; and the review timeout. */
class RestartTest {

    static final Commit COMMIT = new Commit("abcdef1234", "Ada Lovelace", "Green background",
            Instant.parse("2030-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    PipelineUnderTest it;

    @AfterEach
    void stop() {
        if (it != null) {
            it.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = "REVIEW", mode = EnumSource.Mode.EXCLUDE)
    void a_restart_interrupts_an_execution_that_was_running_any_stage_but_the_review(Stage stage) {
        leftByAStoppedPlatform(at(stage, Instant.now()));
        it = new PipelineUnderTest(dir);

        it.pipeline.resume();

        Execution interrupted = it.execution(1);
        String during = stage.name().toLowerCase(Locale.ROOT);
        assertThat(interrupted.status()).isEqualTo(ExecutionStatus.INTERRUPTED);
        assertThat(interrupted.currentStage()).isEqualTo(stage);
        assertThat(interrupted.stage(stage).status()).isEqualTo(StageStatus.FAILED);
        assertThat(interrupted.stage(stage).message()).isEqualTo("interrupted: the platform stopped during "
                + during);
        assertThat(it.events()).containsExactly(EventType.PIPELINE_INTERRUPTED);
        assertThat(it.executionsEnded("interrupted")).isEqualTo(1.0);
        assertThat(it.builds.calls).as("nothing runs again").isEmpty();
        assertThat(it.deployments.deployed).isEmpty();
        assertThat(it.deployments.promoted).isEmpty();
        assertThat(it.deployments.rollbacks).isEmpty();
    }

    @Test
    void a_restart_keeps_a_review_waiting_and_it_can_still_be_approved() {
        Execution waiting = at(Stage.REVIEW, Instant.now());
        leftByAStoppedPlatform(waiting);
        it = new PipelineUnderTest(dir);

        it.pipeline.resume();

        assertThat(it.execution(1).status()).isEqualTo(ExecutionStatus.AWAITING_APPROVAL);
        assertThat(it.events()).isEmpty();
        it.approved(1);
        it.await(1, ExecutionStatus.SUCCEEDED);
        assertThat(it.deployments.promoted).containsExactly(waiting.tag());
    }

    @Test
    void a_restart_gives_a_review_its_timeout_again_counted_from_when_the_review_started() {
        leftByAStoppedPlatform(at(Stage.REVIEW, Instant.now().minus(Duration.ofMinutes(11))));
        it = new PipelineUnderTest(dir, Duration.ofMinutes(10), PipelineUnderTest.SHORT_BAKE);

        it.pipeline.resume();

        Execution rejected = it.await(1, ExecutionStatus.REJECTED);
        assertThat(rejected.stage(Stage.REVIEW).message())
                .isEqualTo("rejected by review-timeout: no review within 10 min");
        assertThat(it.events()).containsExactly(EventType.PIPELINE_REJECTED);
    }

    @Test
    void an_undecided_review_is_rejected_by_its_timeout() {
        it = new PipelineUnderTest(dir, Duration.ofMillis(50), PipelineUnderTest.SHORT_BAKE);
        long id = it.commit("Green background");

        Execution rejected = it.await(id, ExecutionStatus.REJECTED);

        assertThat(rejected.currentStage()).isEqualTo(Stage.REVIEW);
        // the timeout is given in minutes: a fraction of one reads as 0
        assertThat(rejected.stage(Stage.REVIEW).message())
                .isEqualTo("rejected by review-timeout: no review within 0 min");
        assertThat(it.events()).endsWith(EventType.PIPELINE_REJECTED);
        assertThat(it.deployments.promoted).isEmpty();
    }

    @Test
    void a_restart_mid_shift_resumes_the_running_step_its_interval_starting_again() throws Exception {
        Execution flipping = at(Stage.FLIP, Instant.now());
        leftByAStoppedPlatform(flipping, ReleaseProgress.of(ReleaseStrategy.parse("canary:20%:50ms"),
                "release.yml").started(20, Instant.now().minusSeconds(60)));
        it = new PipelineUnderTest(dir);
        it.deployments.share = 20; // the load balancer came back at the weights last recorded

        it.pipeline.resume();

        Execution done = it.await(1, ExecutionStatus.SUCCEEDED);
        ReleaseProgress release = it.store.release(1).orElseThrow();
        assertThat(release.steps().get(0).resumed()).isTrue();
        assertThat(release.steps().get(0).result()).isEqualTo(ReleaseProgress.Result.PASSED);
        assertThat(it.deployments.shifts).as("the step's share was not sent again").containsExactly(
                flipping.tag() + " 100");
        assertThat(done.stage(Stage.FLIP).message()).startsWith("canary: 20 % for 50ms, then 100 %");
        assertThat(it.store.events(100)).extracting(Event::message).anySatisfy(message -> assertThat(message)
                .isEqualTo("#1 " + flipping.tag() + ": step 1 of 2 (20 %) resumed after a restart: "
                        + flipping.tag() + " still serves 20 % of production; its interval starts again"));
    }

    @Test
    void a_restart_that_finds_production_at_a_share_the_release_did_not_record_ends_it_without_shifting() {
        leftByAStoppedPlatform(at(Stage.FLIP, Instant.now()), ReleaseProgress.of(
                ReleaseStrategy.parse("linear:20%:50ms"), "release.yml").started(20, Instant.now()));
        it = new PipelineUnderTest(dir);
        it.deployments.share = 0;

        it.pipeline.resume();

        Execution ended = it.await(1, ExecutionStatus.ROLLED_BACK);
        assertThat(ended.stage(Stage.FLIP).message()).isEqualTo("rolled back: production was moved during step 1 "
                + "of 5 (20 %), not by this release: " + ended.tag() + " serves 0 % of it; the release ends here");
        assertThat(it.deployments.shifts).isEmpty();
        assertThat(it.store.release(1).orElseThrow().steps().get(0).result())
                .isEqualTo(ReleaseProgress.Result.STOPPED);
    }

    @Test
    void a_deploy_that_waited_for_a_release_still_waits_after_a_restart_and_then_goes_on() throws Exception {
        Execution flipping = at(Stage.FLIP, Instant.now());
        leftByAStoppedPlatform(flipping, ReleaseProgress.of(ReleaseStrategy.parse("canary:20%:50ms"),
                "release.yml").started(20, Instant.now()));
        Execution waiting = Execution.start(2, COMMIT, Instant.now())
                .apply(new PipelineEvent.Succeeded(Stage.SOURCE, "done"), Instant.now())
                .apply(new PipelineEvent.Succeeded(Stage.BUILD, "done"), Instant.now());
        leftByAStoppedPlatform(waiting);
        Files.createDirectories(dir.resolve("work").resolve(waiting.tag()));
        it = new PipelineUnderTest(dir);
        it.deployments.share = 20;

        it.pipeline.resume();

        it.await(2, ExecutionStatus.AWAITING_APPROVAL);
        assertThat(it.execution(1).status()).as("the release ended before the deploy").isEqualTo(
                ExecutionStatus.SUCCEEDED);
        assertThat(it.deployments.deployed).containsExactly(waiting.tag());
    }

    /** An execution that reached {@code stage} at {@code time}, every stage before it done. */
    static Execution at(Stage stage, Instant time) {
        Execution execution = Execution.start(1, COMMIT, time);
        for (Stage done = Stage.SOURCE; done != stage; done = done.next().orElseThrow()) {
            execution = execution.apply(done == Stage.REVIEW ? new PipelineEvent.Approved("grace", execution.tag())
                    : new PipelineEvent.Succeeded(done, "done"), time);
        }
        return execution;
    }

    private void leftByAStoppedPlatform(Execution execution) {
        try (PlatformStore store = PlatformStore.open(dir.resolve(PipelineUnderTest.STORE_FILE))) {
            store.saveExecution(execution);
        }
    }

    private void leftByAStoppedPlatform(Execution execution, ReleaseProgress release) {
        leftByAStoppedPlatform(execution);
        try (PlatformStore store = PlatformStore.open(dir.resolve(PipelineUnderTest.STORE_FILE))) {
            store.saveRelease(execution.id(), release);
        }
    }
}
