package dev.bluegreen.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.StageStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newer commit and the executions before it: which it replaces, which finish first. */
class SupersedeTest {

    @TempDir
    Path dir;

    PipelineUnderTest it;

    @BeforeEach
    void start() {
        it = new PipelineUnderTest(dir);
    }

    @AfterEach
    void stop() {
        it.close();
    }

    @Test
    void a_newer_commit_supersedes_a_review_waiting_for_approval() {
        long older = it.commit("Green background");
        String olderTag = it.await(older, ExecutionStatus.AWAITING_APPROVAL).tag();

        long newer = it.commit("Greener background");

        Execution superseded = it.execution(older);
        assertThat(superseded.status()).isEqualTo(ExecutionStatus.SUPERSEDED);
        assertThat(superseded.stage(Stage.REVIEW).status()).isEqualTo(StageStatus.CANCELLED);
        assertThat(superseded.stage(Stage.REVIEW).message()).isEqualTo("superseded by execution #" + newer);
        Outcome late = it.pipeline.approve(older, olderTag, "grace");
        assertThat(late.done()).isFalse();
        assertThat(late.message()).contains("superseded");
        String newerTag = it.await(newer, ExecutionStatus.AWAITING_APPROVAL).tag();
        assertThat(it.deployments.deployed).containsExactly(olderTag, newerTag);
        assertThat(it.deployments.promoted).isEmpty();
        assertThat(it.events()).contains(EventType.PIPELINE_SUPERSEDED);
        assertThat(it.executionsEnded("superseded")).isEqualTo(1.0);
    }

    @Test
    void a_newer_commit_supersedes_a_build_in_progress_and_stops_it() {
        Gate build = it.builds.holdNext();
        long older = it.commit("Green background");
        build.awaitEntered("the older execution's build");

        long newer = it.commit("Greener background");

        assertThat(it.execution(older).status()).isEqualTo(ExecutionStatus.SUPERSEDED);
        String newerTag = it.await(newer, ExecutionStatus.AWAITING_APPROVAL).tag();
        Execution superseded = it.execution(older);
        assertThat(superseded.currentStage()).isEqualTo(Stage.BUILD);
        assertThat(superseded.stage(Stage.BUILD).message()).isEqualTo("superseded by execution #" + newer);
        assertThat(it.builds.calls).extracting(FakeBuilds.Call::cancelled).containsExactly(true, false);
        assertThat(it.deployments.deployed).containsExactly(newerTag);
    }

    @Test
    void a_deploy_in_progress_finishes_and_its_execution_goes_before_its_checks() {
        Gate deploy = it.deployments.holdNext();
        long older = it.commit("Green background");
        deploy.awaitEntered("the older execution's deploy");

        long newer = it.commit("Greener background");

        assertThat(it.execution(older).status()).as("a deploy is not interrupted").isEqualTo(ExecutionStatus.RUNNING);
        deploy.open();
        it.await(newer, ExecutionStatus.AWAITING_APPROVAL);
        Execution superseded = it.execution(older);
        assertThat(superseded.status()).isEqualTo(ExecutionStatus.SUPERSEDED);
        assertThat(superseded.stage(Stage.DEPLOY).status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(superseded.stage(Stage.CHECK).status()).isEqualTo(StageStatus.CANCELLED);
        assertThat(superseded.stage(Stage.CHECK).message()).isEqualTo("superseded by execution #" + newer);
        assertThat(it.deployments.deployed).containsExactly(superseded.tag(), it.execution(newer).tag());
        assertThat(it.checks.tags()).as("the newer build is about to replace what they would check")
                .containsExactly(it.execution(newer).tag());
    }

    @Test
    void a_newer_commit_supersedes_checks_in_progress_and_stops_them() {
        Gate checks = it.checks.holdNext();
        long older = it.commit("Green background");
        checks.awaitEntered("the older execution's checks");

        long newer = it.commit("Greener background");

        assertThat(it.execution(older).status()).isEqualTo(ExecutionStatus.SUPERSEDED);
        String newerTag = it.await(newer, ExecutionStatus.AWAITING_APPROVAL).tag();
        Execution superseded = it.execution(older);
        assertThat(superseded.currentStage()).isEqualTo(Stage.CHECK);
        assertThat(superseded.stage(Stage.CHECK).status()).isEqualTo(StageStatus.CANCELLED);
        assertThat(it.checks.calls).extracting(FakeChecks.Call::cancelled).containsExactly(true, false);
        assertThat(it.checks.tags()).containsExactly(superseded.tag(), newerTag);
    }

    @Test
    void a_newer_commit_waits_for_a_flip_and_bake_to_finish() {
        Gate flip = it.deployments.holdNextPromote();
        long older = it.commit("Green background");
        it.approved(older);
        flip.awaitEntered("the older execution's flip");

        long newer = it.commit("Greener background");

        assertThat(it.execution(older).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(it.execution(newer).currentStage()).as("one execution's stages at a time")
                .isEqualTo(Stage.SOURCE);
        assertThat(it.builds.calls).hasSize(1);
        flip.open();
        it.await(older, ExecutionStatus.SUCCEEDED);
        it.await(newer, ExecutionStatus.AWAITING_APPROVAL);
        assertThat(it.deployments.promoted).containsExactly(it.execution(older).tag());
    }
}
