package dev.bluegreen.platform.pipeline;

import static dev.bluegreen.core.event.EventType.EXECUTION_STARTED;
import static dev.bluegreen.core.event.EventType.PIPELINE_APPROVED;
import static dev.bluegreen.core.event.EventType.PIPELINE_BUILD_FAILED;
import static dev.bluegreen.core.event.EventType.PIPELINE_BUILD_SUCCEEDED;
import static dev.bluegreen.core.event.EventType.PIPELINE_CHECK_FAILED;
import static dev.bluegreen.core.event.EventType.PIPELINE_CHECK_SUCCEEDED;
import static dev.bluegreen.core.event.EventType.PIPELINE_DEPLOY_FAILED;
import static dev.bluegreen.core.event.EventType.PIPELINE_DEPLOY_SUCCEEDED;
import static dev.bluegreen.core.event.EventType.PIPELINE_FLIP_SUCCEEDED;
import static dev.bluegreen.core.event.EventType.PIPELINE_REJECTED;
import static dev.bluegreen.core.event.EventType.PIPELINE_SOURCE_FAILED;
import static dev.bluegreen.core.event.EventType.PIPELINE_SOURCE_SUCCEEDED;
import static dev.bluegreen.core.event.EventType.PIPELINE_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.Stage;
import dev.bluegreen.core.pipeline.StageStatus;
import dev.bluegreen.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

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
    void a_commit_is_checked_out_built_deployed_and_checked_then_waits_for_review() {
        long id = it.commit("Green background");

        Execution waiting = it.await(id, ExecutionStatus.AWAITING_APPROVAL);

        assertThat(waiting.currentStage()).isEqualTo(Stage.REVIEW);
        assertThat(waiting.stage(Stage.SOURCE).message()).isEqualTo("commit " + waiting.commit().shortId()
                + " by Ada Lovelace: Green background");
        assertThat(waiting.stage(Stage.BUILD).message()).isEqualTo("built " + waiting.tag()
                + "; released all at once (default)");
        assertThat(waiting.stage(Stage.REVIEW).message()).isEqualTo("waiting for approval of build "
                + waiting.tag());
        assertThat(it.builds.calls).singleElement().isEqualTo(new FakeBuilds.Call(waiting.tag(),
                waiting.commit().id(), waiting.commit().id(), false));
        assertThat(it.deployments.deployed).containsExactly(waiting.tag());
        assertThat(it.checks.calls).as("checked on its checkout, as the build left it").containsExactly(
                new FakeChecks.Call(waiting.tag(), true, false));
        assertThat(waiting.stage(Stage.CHECK).message()).isEqualTo("2 checks passed on the test side");
        assertThat(it.deployments.promoted).isEmpty();
        assertThat(it.events()).containsExactly(EXECUTION_STARTED, PIPELINE_SOURCE_SUCCEEDED,
                PIPELINE_BUILD_SUCCEEDED, PIPELINE_DEPLOY_SUCCEEDED, PIPELINE_CHECK_SUCCEEDED);
        assertThat(it.store.activeExecutions()).extracting(Execution::id).containsExactly(id);
        Await.until("the test side made ready at full size for the review", PipelineUnderTest.PATIENCE,
                () -> !it.deployments.readied.isEmpty());
        assertThat(it.deployments.readied).containsExactly("pipeline");
    }

    @Test
    void the_checkout_is_deleted_once_built_and_the_build_log_stays_readable() {
        long id = it.commit("Green background");
        String tag = it.await(id, ExecutionStatus.AWAITING_APPROVAL).tag();

        // the worker deletes it just after recording the review: soon, not necessarily yet
        Await.until("the checkout of " + tag + " deleted", PipelineUnderTest.PATIENCE,
                () -> !Files.exists(dir.resolve("work").resolve(tag)));
        assertThat(dir.resolve("logs/builds/" + tag + ".log")).isRegularFile();
        assertThat(it.pipeline.buildLog(id)).hasValueSatisfying(log -> assertThat(log)
                .hasContent("building " + tag + "\n"));
        assertThat(it.pipeline.buildLog(id + 1)).isEmpty();
    }

    @Test
    void an_approved_build_is_flipped_baked_and_succeeds() {
        long id = it.commit("Green background");
        String tag = it.approved(id).tag();

        Execution done = it.await(id, ExecutionStatus.SUCCEEDED);

        assertThat(it.deployments.promoted).containsExactly(tag);
        assertThat(it.deployments.rollbacks).isEmpty();
        assertThat(done.approvedBy()).isEqualTo("grace");
        assertThat(done.stage(Stage.REVIEW).message()).isEqualTo("approved by grace");
        assertThat(done.stage(Stage.FLIP).message()).isEqualTo("production now on " + tag);
        assertThat(done.stage(Stage.BAKE).message()).startsWith("production healthy for ")
                .endsWith("; web-blue: 2 -> 1 task(s), idle now that production left it");
        assertThat(it.deployments.idled).as("the side production left idles after the bake").containsExactly(
                "pipeline");
        assertThat(done.stages()).extracting(run -> run.status()).containsOnly(StageStatus.SUCCEEDED);
        assertThat(it.events()).containsExactly(EXECUTION_STARTED, PIPELINE_SOURCE_SUCCEEDED,
                PIPELINE_BUILD_SUCCEEDED, PIPELINE_DEPLOY_SUCCEEDED, PIPELINE_CHECK_SUCCEEDED, PIPELINE_APPROVED,
                PIPELINE_FLIP_SUCCEEDED,
                PIPELINE_SUCCEEDED);
        assertThat(it.executionsEnded("succeeded")).isEqualTo(1.0);
    }

    @Test
    void an_approval_says_what_goes_to_production() {
        long id = it.commit("Green background");
        String tag = it.await(id, ExecutionStatus.AWAITING_APPROVAL).tag();

        Outcome approval = it.pipeline.approve(id, tag, "grace");

        assertThat(approval).isEqualTo(Outcome.done("execution #" + id + " approved by grace: build " + tag
                + " goes to production, all at once").with("execution", id).with("strategy", "all-at-once"));
    }

    @Test
    void each_checks_result_is_kept_with_the_execution_the_passed_ones_too() {
        List<CheckResult> results = List.of(CheckResult.passed("home page", "answered 200", Duration.ofMillis(12)),
                CheckResult.failed("year search", "GET /year?year=1942 answered 502", List.of("Bad Gateway"),
                        Duration.ofMillis(40)));
        it.checks.results = results;
        long id = it.commit("Broken search");

        Execution failed = it.await(id, ExecutionStatus.FAILED);

        assertThat(failed.stage(Stage.CHECK).message()).startsWith("1 of 2 checks failed on the test side: 'year "
                + "search'");
        assertThat(it.store.checkResults(id)).isEqualTo(results);
    }

    @Test
    void a_failed_deploy_ends_the_execution_at_deploy_with_the_reason_and_production_untouched() {
        it.deployments.deployFailure = Outcome.failed("no task of b1 turned healthy within 20 s");
        long id = it.commit("Broken");

        Execution failed = it.await(id, ExecutionStatus.FAILED);

        assertThat(failed.currentStage()).isEqualTo(Stage.DEPLOY);
        assertThat(failed.stage(Stage.DEPLOY).message()).isEqualTo("no task of b1 turned healthy within 20 s");
        assertThat(failed.stage(Stage.REVIEW).status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(it.deployments.promoted).isEmpty();
        assertThat(it.events()).endsWith(PIPELINE_DEPLOY_FAILED);
        assertThat(it.executionsEnded("failed")).isEqualTo(1.0);
    }

    @Test
    void a_failed_check_ends_the_execution_before_review_with_the_check_and_its_output() {
        it.checks.failure = Outcome.failed("1 of 3 checks failed on the test side: 'year search'\n"
                + "year search: GET /year?year=2013 its body does not contain \"Rush\"");
        long id = it.commit("Broken search");

        Execution failed = it.await(id, ExecutionStatus.FAILED);

        assertThat(failed.currentStage()).isEqualTo(Stage.CHECK);
        assertThat(failed.stage(Stage.CHECK).message()).isEqualTo(it.checks.failure.message());
        assertThat(failed.stage(Stage.REVIEW).status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(it.pipeline.approve(id, failed.tag(), "grace").done()).as("it never reaches review").isFalse();
        assertThat(it.deployments.promoted).isEmpty();
        assertThat(it.events()).endsWith(PIPELINE_CHECK_FAILED);
        assertThat(it.executionsEnded("failed")).isEqualTo(1.0);
    }

    @Test
    void the_first_run_goes_from_its_checks_to_production_then_to_the_other_side_without_a_review() {
        long id = it.firstRun("Initial commit");

        Execution done = it.await(id, ExecutionStatus.SUCCEEDED);

        assertThat(done.firstRun()).isTrue();
        assertThat(done.approvedBy()).isNull();
        assertThat(done.stage(Stage.REVIEW).status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(it.checks.tags()).containsExactly(done.tag());
        assertThat(it.deployments.promoted).containsExactly(done.tag());
        assertThat(it.deployments.deployed).as("the test side, then the side production left")
                .containsExactly(done.tag(), done.tag());
        assertThat(it.deployments.idled).as("deployed to at production's count, then idled").hasSize(1);
        assertThat(done.stage(Stage.BAKE).message()).startsWith("production healthy for ")
                .contains("; first run: " + done.tag() + " deployed to the test side; ")
                .endsWith("idle now that production left it");
        assertThat(it.events()).doesNotContain(PIPELINE_APPROVED);

        long next = it.commit("Second commit");
        assertThat(it.await(next, ExecutionStatus.AWAITING_APPROVAL).firstRun()).as("every later one is reviewed")
                .isFalse();
    }

    @Test
    void a_failed_build_is_not_deployed() {
        it.builds.failure = Outcome.failed("npm test: 2 failing");
        long id = it.commit("Broken");

        Execution failed = it.await(id, ExecutionStatus.FAILED);

        assertThat(failed.currentStage()).isEqualTo(Stage.BUILD);
        assertThat(failed.stage(Stage.BUILD).message()).isEqualTo("npm test: 2 failing");
        assertThat(it.deployments.deployed).isEmpty();
        assertThat(it.events()).endsWith(PIPELINE_BUILD_FAILED);
    }

    @Test
    void a_source_that_throws_fails_the_source_stage_with_its_message() {
        it.source.checkoutFailure = new IllegalStateException("the object database is corrupt");
        long id = it.commit("Anything");

        Execution failed = it.await(id, ExecutionStatus.FAILED);

        assertThat(failed.currentStage()).isEqualTo(Stage.SOURCE);
        assertThat(failed.stage(Stage.SOURCE).message()).isEqualTo("the object database is corrupt");
        assertThat(it.builds.calls).isEmpty();
        assertThat(it.events()).endsWith(PIPELINE_SOURCE_FAILED);
    }

    @Test
    void a_rejected_review_ends_the_execution_and_production_is_unchanged() {
        long id = it.commit("Green background");
        it.await(id, ExecutionStatus.AWAITING_APPROVAL);

        Outcome rejection = it.pipeline.reject(id, "wrong green", "grace");

        assertThat(rejection).isEqualTo(Outcome.done("execution #" + id + " rejected; production unchanged")
                .with("execution", id));
        Execution rejected = it.execution(id);
        assertThat(rejected.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(rejected.stage(Stage.REVIEW).message()).isEqualTo("rejected by grace: wrong green");
        assertThat(it.deployments.promoted).isEmpty();
        assertThat(it.deployments.idled).as("the rejected build no longer waits at full size").containsExactly("grace");
        assertThat(it.events()).endsWith(PIPELINE_REJECTED);
    }

    @Test
    void an_approval_must_name_the_build_under_review() {
        long id = it.commit("Green background");
        String tag = it.await(id, ExecutionStatus.AWAITING_APPROVAL).tag();

        Outcome approval = it.pipeline.approve(id, "b9-0000000", "grace");

        assertThat(approval.done()).isFalse();
        assertThat(approval.message()).isEqualTo("execution #" + id + " is reviewing build " + tag
                + ", not b9-0000000: approve what you reviewed");
        assertThat(approval.details()).containsEntry("execution", id);
        assertThat(it.execution(id).status()).isEqualTo(ExecutionStatus.AWAITING_APPROVAL);
    }

    @Test
    void a_review_cannot_be_decided_twice() {
        long id = it.commit("Green background");
        it.await(id, ExecutionStatus.AWAITING_APPROVAL);
        it.pipeline.reject(id, "", "grace");

        Outcome again = it.pipeline.reject(id, "", "grace");

        assertThat(again.done()).isFalse();
        assertThat(again.message()).isEqualTo("execution #" + id + " is rejected at REVIEW: it cannot be rejected");
        assertThat(it.execution(id).stage(Stage.REVIEW).message()).isEqualTo("rejected by grace");
    }

    @Test
    void an_unknown_execution_cannot_be_approved_nor_rejected() {
        assertThat(it.pipeline.approve(7, "b7-0000000", "grace"))
                .isEqualTo(Outcome.refused("there is no execution #7").with("execution", 7L));
        assertThat(it.pipeline.reject(7, "", "grace"))
                .isEqualTo(Outcome.refused("there is no execution #7").with("execution", 7L));
    }

    @Test
    void a_ref_is_resolved_by_the_source_and_an_unknown_one_refused_with_its_reason() {
        String commit = it.source.commit("By hand").id();

        Outcome started = it.pipeline.start(commit, "grace");
        Outcome unknown = it.pipeline.start("no-such-branch", "grace");

        assertThat(started.done()).isTrue();
        assertThat(started.message()).isEqualTo("execution #1 started: build b1-" + commit.substring(0, 7)
                + " of commit " + commit.substring(0, 7));
        assertThat(started.details()).containsEntry("execution", 1L);
        assertThat(unknown).isEqualTo(Outcome.refused("no commit 'no-such-branch' in the app repository"));
        assertThat(it.store.events(10)).anySatisfy(event -> assertThat(event.actor()).isEqualTo("grace"));
    }
}
