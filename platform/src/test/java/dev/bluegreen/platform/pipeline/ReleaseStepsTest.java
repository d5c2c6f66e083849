package dev.bluegreen.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.release.ReleaseProgress.Result;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flip stage of a canary or linear release: step by step, each judged, over fake ports and a real store. */
class ReleaseStepsTest {

    static final BakePolicy.Sample ERRORS = new BakePolicy.Sample(100, 50, Duration.ofMillis(20));
    static final BakePolicy.Sample QUIET = new BakePolicy.Sample(3, 0, Duration.ofMillis(20));
    /** Longer than any test waits for it: a step that stays held while the test acts. */
    static final String HELD = "canary:20%:1h";

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
    void a_canary_sends_its_share_judges_it_against_the_old_side_then_promotes_and_bakes() {
        it.source.releaseFile = "version: 1\nstrategy: canary:20%:50ms\n";
        long id = it.commit("Green background");
        Execution waiting = it.await(id, ExecutionStatus.AWAITING_APPROVAL);
        assertThat(waiting.stage(Stage.BUILD).message()).endsWith("; released canary: 20 % for 50ms, then 100 % "
                + "(release.yml)");
        assertThat(release(id).chosenBy()).isEqualTo("release.yml");
        it.pipeline.approve(id, waiting.tag(), "grace");

        Execution done = it.await(id, ExecutionStatus.SUCCEEDED);

        String tag = waiting.tag();
        assertThat(it.deployments.shifts).containsExactly(tag + " 20", tag + " 100");
        assertThat(release(id).steps()).extracting(ReleaseProgress.Step::percent, ReleaseProgress.Step::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(20, Result.PASSED),
                        org.assertj.core.groups.Tuple.tuple(100, Result.PROMOTED));
        assertThat(release(id).steps().get(0).note()).isEqualTo("new side 100 requests, 0.0 % 5xx, p99 20 ms; old "
                + "side 100 requests, 0.0 % 5xx, p99 20 ms");
        assertThat(done.stage(Stage.FLIP).message()).isEqualTo("canary: 20 % for 50ms, then 100 %: shift: 100 % of "
                + "production on " + tag);
        assertThat(stepEvents()).singleElement().asString().isEqualTo("#" + id + " " + tag + ": step 1 of 2 (20 %): "
                + "passed: new side 100 requests, 0.0 % 5xx, p99 20 ms; old side 100 requests, 0.0 % 5xx, p99 20 ms");
        assertThat(it.deployments.rollbacks).isEmpty();
    }

    @Test
    void a_new_side_worse_than_the_old_one_is_rolled_back_at_its_step_with_the_figures() {
        it.source.releaseFile = "version: 1\nstrategy: linear:30%:50ms\n";
        it.deployments.sides = () -> new Deployments.Sides(ERRORS, FakeDeployments.HEALTHY);
        long id = it.commit("Broken");
        String tag = it.approved(id).tag();

        Execution rolledBack = it.await(id, ExecutionStatus.ROLLED_BACK);

        assertThat(rolledBack.currentStage()).isEqualTo(Stage.FLIP);
        assertThat(rolledBack.stage(Stage.FLIP).message()).isEqualTo("rolled back: step 1 of 4 (30 %): 50.0 % of "
                + "100 new-side requests answered 5xx (limit 5.0 %) (new side 100 requests, 50.0 % 5xx, p99 20 ms; "
                + "old side 100 requests, 0.0 % 5xx, p99 20 ms); all of production is back on the old side");
        assertThat(it.deployments.shifts).containsExactly(tag + " 30");
        assertThat(it.deployments.share).as("all of production on the old side").isZero();
        assertThat(it.deployments.idled).as("the new build's side idles again").containsExactly("pipeline");
        assertThat(release(id).steps()).singleElement().extracting(ReleaseProgress.Step::result)
                .isEqualTo(Result.BREACHED);
        assertThat(rolledBack.stage(Stage.BAKE).status().name()).isEqualTo("SKIPPED");
        assertThat(it.events()).endsWith(EventType.PIPELINE_SHIFT_STEP, EventType.PIPELINE_AUTO_ROLLBACK);
        assertThat(it.metrics.counter("bluegreen.pipeline.auto.rollbacks").count()).isEqualTo(1.0);
    }

    @Test
    void a_new_side_over_the_absolute_limits_is_rolled_back_as_soon_as_a_look_sees_it_not_at_the_steps_end() {
        it.source.releaseFile = "version: 1\nstrategy: " + HELD + "\n";
        it.deployments.sides = () -> new Deployments.Sides(ERRORS, FakeDeployments.HEALTHY);
        long id = it.commit("Broken");
        it.approved(id);

        Execution rolledBack = it.await(id, ExecutionStatus.ROLLED_BACK);

        assertThat(rolledBack.stage(Stage.FLIP).message()).startsWith("rolled back: step 1 of 2 (20 %): 50.0 % of "
                + "100 new-side requests answered 5xx (limit 5.0 %)");
        assertThat(it.deployments.share).isZero();
    }

    @Test
    void a_new_side_slower_than_the_old_one_is_judged_at_the_steps_end_not_by_the_looks() {
        it.source.releaseFile = "version: 1\nstrategy: canary:20%:200ms\n";
        it.deployments.sides = () -> new Deployments.Sides(new BakePolicy.Sample(100, 0, Duration.ofMillis(500)),
                FakeDeployments.HEALTHY);
        long id = it.commit("Slow");
        it.approved(id);

        Execution rolledBack = it.await(id, ExecutionStatus.ROLLED_BACK);

        assertThat(rolledBack.stage(Stage.FLIP).message()).startsWith("rolled back: step 1 of 2 (20 %): the new side "
                + "was far slower at p99 than the old side");
        ReleaseProgress.Step step = release(id).steps().get(0);
        assertThat(Duration.between(step.startedAt(), step.endedAt())).as("held for its whole interval")
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void a_linear_release_with_too_few_requests_to_judge_goes_on_step_by_step() {
        it.source.releaseFile = "version: 1\nstrategy: linear:40%:20ms\n";
        it.deployments.sides = () -> new Deployments.Sides(new BakePolicy.Sample(3, 3, Duration.ofSeconds(9)),
                QUIET);
        long id = it.commit("Quiet");
        String tag = it.approved(id).tag();

        it.await(id, ExecutionStatus.SUCCEEDED);

        assertThat(it.deployments.shifts).containsExactly(tag + " 40", tag + " 80", tag + " 100");
        assertThat(release(id).steps()).extracting(ReleaseProgress.Step::result)
                .containsExactly(Result.NOT_JUDGED, Result.NOT_JUDGED, Result.PROMOTED);
        assertThat(stepEvents()).hasSize(2).allSatisfy(message -> assertThat(message)
                .contains("too few requests to judge, the release goes on"));
    }

    @Test
    void a_rollback_by_hand_during_a_step_ends_the_release_saying_by_whom_and_it_never_shifts_again()
            throws Exception {
        it.source.releaseFile = "version: 1\nstrategy: canary:20%:3s\n";
        long id = it.commit("Green background");
        String tag = it.approved(id).tag();
        awaitStepRunning(id);

        Outcome rollback = it.pipeline.rollback("alice");

        assertThat(rollback.done()).isTrue();
        assertThat(rollback.message()).isEqualTo("rolled back; execution #" + id + " ends rolled back");
        Execution rolledBack = it.execution(id);
        assertThat(rolledBack.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
        assertThat(rolledBack.stage(Stage.FLIP).message()).isEqualTo("rolled back: by alice during step 1 of 2 "
                + "(20 %)");
        assertThat(release(id).steps()).singleElement().satisfies(step -> {
            assertThat(step.result()).isEqualTo(Result.STOPPED);
            assertThat(step.note()).isEqualTo("rolled back by alice during step 1 of 2 (20 %)");
        });
        assertThat(it.deployments.rollbacks).containsExactly("by alice");
        assertThat(it.metrics.counter("bluegreen.pipeline.auto.rollbacks").count()).as("not automatic").isZero();
        Thread.sleep(300); // the step's interval is over: its timer ran and found the release ended
        assertThat(it.deployments.shifts).containsExactly(tag + " 20");
        assertThat(it.deployments.share).isZero();
        assertThat(it.events()).endsWith(EventType.PIPELINE_SHIFT_STEP);
    }

    @Test
    void a_rollback_by_hand_with_no_release_shifting_is_the_usual_rollback() {
        Outcome rollback = it.pipeline.rollback("alice");

        assertThat(rollback.message()).isEqualTo("rolled back");
        assertThat(it.deployments.rollbacks).containsExactly("by alice");
    }

    @Test
    void an_approval_may_choose_another_strategy_for_its_release_only() {
        it.source.releaseFile = "version: 1\nstrategy: " + HELD + "\n";
        long id = it.commit("Green background");
        String tag = it.await(id, ExecutionStatus.AWAITING_APPROVAL).tag();
        assertThatThrownBy(() -> it.pipeline.approve(id, tag, "grace", "canary:10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ReleaseStrategy.FORMAT);
        assertThat(it.execution(id).status()).isEqualTo(ExecutionStatus.AWAITING_APPROVAL);

        Outcome approval = it.pipeline.approve(id, tag, "grace", "all-at-once");

        assertThat(approval.message()).endsWith(" goes to production, all at once");
        it.await(id, ExecutionStatus.SUCCEEDED);
        assertThat(it.deployments.promoted).containsExactly(tag);
        assertThat(it.deployments.shifts).isEmpty();
        assertThat(release(id).chosenBy()).isEqualTo("approval by grace");
    }

    @Test
    void a_deploy_waits_while_a_release_shifts_and_goes_on_once_it_ends() {
        it.source.releaseFile = "version: 1\nstrategy: " + HELD + "\n";
        long first = it.commit("Green background");
        it.approved(first);
        awaitStepRunning(first);

        long second = it.commit("Red background");
        Await.until("#" + second + " at its deploy", PipelineUnderTest.PATIENCE,
                () -> it.execution(second).currentStage() == Stage.DEPLOY);
        assertThat(it.deployments.deployed).as("the canary's side is not replaced").hasSize(1);

        it.pipeline.rollback("alice");

        Execution next = it.await(second, ExecutionStatus.AWAITING_APPROVAL);
        assertThat(it.deployments.deployed).last().isEqualTo(next.tag());
        assertThat(it.checks.calls).last().extracting(FakeChecks.Call::checkoutThere).as("its checkout was kept")
                .isEqualTo(true);
    }

    @Test
    void a_flip_by_hand_during_a_step_completes_the_release_and_it_bakes() {
        it.source.releaseFile = "version: 1\nstrategy: canary:20%:3s\n";
        long id = it.commit("Green background");
        String tag = it.approved(id).tag();
        awaitStepRunning(id);

        it.deployments.share = 100; // someone ran 'bluegreen flip'

        Execution done = it.await(id, ExecutionStatus.SUCCEEDED);
        assertThat(done.stage(Stage.FLIP).message()).isEqualTo("production was moved during step 1 of 2 (20 %), not "
                + "by this release: " + tag + " serves 100 % of it; it bakes");
        assertThat(it.deployments.shifts).containsExactly(tag + " 20");
    }

    @Test
    void a_step_that_cannot_be_taken_after_others_sends_production_back_and_fails_the_flip() {
        it.source.releaseFile = "version: 1\nstrategy: linear:50%:3s\n";
        long id = it.commit("Green background");
        String tag = it.approved(id).tag();
        awaitStepRunning(id);
        it.deployments.shiftFailure = Outcome.refused("target group 'green' has no healthy target");

        Execution failed = it.await(id, ExecutionStatus.FAILED);

        assertThat(failed.stage(Stage.FLIP).message()).isEqualTo("step 2 of 2 (100 %) could not be taken: target "
                + "group 'green' has no healthy target; all of production is back on the old side");
        assertThat(it.deployments.shifts).containsExactly(tag + " 50");
        assertThat(it.deployments.share).isZero();
    }

    @Test
    void a_broken_release_file_fails_the_build_before_it_runs_naming_the_line() {
        it.source.releaseFile = "version: 1\nstrategy: canary:10\n";
        long id = it.commit("Typo");

        Execution failed = it.await(id, ExecutionStatus.FAILED);

        assertThat(failed.currentStage()).isEqualTo(Stage.BUILD);
        assertThat(failed.stage(Stage.BUILD).message()).isEqualTo("release.yml: line 2: release strategy "
                + "'canary:10' is not " + ReleaseStrategy.FORMAT);
        assertThat(it.builds.calls).isEmpty();
    }

    private ReleaseProgress release(long id) {
        return it.store.release(id).orElseThrow(() -> new AssertionError("no release for #" + id));
    }

    /** A test that acts during a step holds it for seconds: a busy machine must still see it running. */
    private void awaitStepRunning(long id) {
        Await.until("a step of #" + id + " held", PipelineUnderTest.PATIENCE,
                () -> it.store.release(id).flatMap(ReleaseProgress::running).isPresent());
    }

    private List<String> stepEvents() {
        return it.store.events(1000).stream().filter(event -> event.type() == EventType.PIPELINE_SHIFT_STEP)
                .map(Event::message).toList();
    }
}
