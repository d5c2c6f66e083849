package dev.bluegreen.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.core.pipeline.PipelineEvent.Approved;
import dev.bluegreen.core.pipeline.PipelineEvent.Failed;
import dev.bluegreen.core.pipeline.PipelineEvent.Interrupted;
import dev.bluegreen.core.pipeline.PipelineEvent.Kind;
import dev.bluegreen.core.pipeline.PipelineEvent.Rejected;
import dev.bluegreen.core.pipeline.PipelineEvent.RolledBack;
import dev.bluegreen.core.pipeline.PipelineEvent.Succeeded;
import dev.bluegreen.core.pipeline.PipelineEvent.Superseded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ExecutionTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Commit COMMIT = new Commit("3f2a1c9d0e", "Ada", "Green background\n\nfor the demo", T0);

    static Execution fresh() {
        return Execution.start(7, COMMIT, T0);
    }

    /** An execution that succeeded every stage before {@code stage}, approving the review on the way. */
    static Execution at(Stage stage) {
        Execution e = fresh();
        for (Stage s = Stage.SOURCE; s != stage; s = s.next().orElseThrow()) {
            e = s == Stage.REVIEW ? e.apply(new Approved("ada", e.tag()), T0.plusSeconds(s.ordinal() + 1))
                    : e.apply(new Succeeded(s, s + " ok"), T0.plusSeconds(s.ordinal() + 1));
        }
        return e;
    }

    static PipelineEvent sample(Kind kind, Execution e) {
        return switch (kind) {
            case SUCCEED -> new Succeeded(e.currentStage(), "ok");
            case FAIL -> new Failed(e.currentStage(), "broke");
            case APPROVE -> new Approved("ada", e.tag());
            case REJECT -> new Rejected("bob", "not today");
            case SUPERSEDE -> new Superseded(8);
            case ROLL_BACK -> new RolledBack("too many 5xx");
            case INTERRUPT -> new Interrupted("platform restarted");
        };
    }

    @Test
    void a_happy_run_goes_through_every_stage_and_records_who_approved() {
        Execution e = fresh();
        assertThat(e.tag()).isEqualTo("b7-3f2a1c9");
        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(e.currentStage()).isEqualTo(Stage.SOURCE);
        e = e.apply(new Succeeded(Stage.SOURCE, "commit 3f2a1c9"), T0.plusSeconds(1))
                .apply(new Succeeded(Stage.BUILD, "built"), T0.plusSeconds(5))
                .apply(new Succeeded(Stage.DEPLOY, "2 tasks healthy on green"), T0.plusSeconds(9));
        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(e.currentStage()).as("checked before anyone is asked").isEqualTo(Stage.CHECK);
        e = e.apply(new Succeeded(Stage.CHECK, "3 checks passed"), T0.plusSeconds(10));
        assertThat(e.status()).isEqualTo(ExecutionStatus.AWAITING_APPROVAL);
        assertThat(e.describe()).isEqualTo("#7 b7-3f2a1c9 (Green background): waiting for approval — waiting for "
                + "approval of build b7-3f2a1c9");
        e = e.apply(new Approved("ada", "b7-3f2a1c9"), T0.plusSeconds(20))
                .apply(new Succeeded(Stage.FLIP, "production on green"), T0.plusSeconds(21))
                .apply(new Succeeded(Stage.BAKE, "no breach in 30 s"), T0.plusSeconds(51));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.isFinal()).isTrue();
        assertThat(e.approvedBy()).isEqualTo("ada");
        assertThat(e.endedAt()).isEqualTo(T0.plusSeconds(51));
        assertThat(e.stages()).extracting(StageRun::status).containsOnly(StageStatus.SUCCEEDED);
        assertThat(e.stage(Stage.BUILD).duration()).contains(Duration.ofSeconds(4));
        assertThat(e.stage(Stage.REVIEW).message()).isEqualTo("approved by ada");
    }

    @Test
    void a_failed_build_skips_everything_after_it() {
        Execution e = at(Stage.BUILD).apply(new Failed(Stage.BUILD, "npm: command not found"), T0.plusSeconds(9));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.currentStage()).isEqualTo(Stage.BUILD);
        assertThat(e.stage(Stage.BUILD).status()).isEqualTo(StageStatus.FAILED);
        assertThat(e.stage(Stage.BUILD).message()).isEqualTo("npm: command not found");
        assertThat(List.of(Stage.DEPLOY, Stage.CHECK, Stage.REVIEW, Stage.FLIP, Stage.BAKE)).allSatisfy(s ->
                assertThat(e.stage(s).status()).isEqualTo(StageStatus.SKIPPED));
    }

    @Test
    void a_failed_check_ends_the_execution_before_anyone_is_asked_to_approve() {
        Execution e = at(Stage.CHECK).apply(new Failed(Stage.CHECK, "1 of 3 checks failed on the test side: 'home'"),
                T0.plusSeconds(9));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.currentStage()).isEqualTo(Stage.CHECK);
        assertThat(e.describe()).isEqualTo("#7 b7-3f2a1c9 (Green background): failed at check — 1 of 3 checks "
                + "failed on the test side: 'home'");
        assertThat(List.of(Stage.REVIEW, Stage.FLIP, Stage.BAKE)).allSatisfy(s ->
                assertThat(e.stage(s).status()).isEqualTo(StageStatus.SKIPPED));
        assertThat(new Failed(Stage.CHECK, "x").eventType().code()).isEqualTo("pipeline-check-failed");
        assertThat(new Succeeded(Stage.CHECK, "x").eventType().code()).isEqualTo("pipeline-check-succeeded");
    }

    @Test
    void the_first_run_goes_from_its_checks_to_production_without_a_review() {
        Execution e = Execution.firstRun(1, COMMIT, T0);
        assertThat(e.firstRun()).isTrue();
        for (Stage stage : List.of(Stage.SOURCE, Stage.BUILD, Stage.DEPLOY, Stage.CHECK)) {
            e = e.apply(new Succeeded(stage, stage + " ok"), T0.plusSeconds(stage.ordinal() + 1));
        }
        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(e.currentStage()).isEqualTo(Stage.FLIP);
        assertThat(e.stage(Stage.REVIEW).status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(e.stage(Stage.REVIEW).message()).startsWith("no review on the first run");
        Execution before = e;
        assertThatThrownBy(() -> before.apply(new Approved("ada", before.tag()), T0)).isInstanceOf(
                IllegalTransition.class);
        e = e.apply(new Succeeded(Stage.FLIP, "production on green"), T0.plusSeconds(8))
                .apply(new Succeeded(Stage.BAKE, "healthy"), T0.plusSeconds(40));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.currentStage()).isEqualTo(Stage.BAKE);
        assertThat(e.approvedBy()).isNull();
        assertThat(e.firstRun()).isTrue();
        assertThat(fresh().firstRun()).as("every other run is reviewed").isFalse();
    }

    @Test
    void a_stage_a_stored_execution_lacks_is_pending_until_a_later_one_was_reached_then_skipped() {
        assertThat(StageRun.missing(Stage.CHECK, false)).isEqualTo(new StageRun(Stage.CHECK, StageStatus.PENDING,
                null, null, ""));
        assertThat(StageRun.missing(Stage.CHECK, true).status()).isEqualTo(StageStatus.SKIPPED);
        // an execution stored before the checks, waiting for review: still at its review
        Execution waiting = at(Stage.REVIEW);
        List<StageRun> stages = new ArrayList<>(waiting.stages());
        stages.set(Stage.CHECK.ordinal(), StageRun.missing(Stage.CHECK, true));
        Execution old = new Execution(7, COMMIT, waiting.tag(), waiting.status(), stages, null, T0, null, false);
        assertThat(old.currentStage()).isEqualTo(Stage.REVIEW);
        assertThat(old.apply(new Approved("ada", old.tag()), T0.plusSeconds(60)).currentStage()).isEqualTo(
                Stage.FLIP);
    }

    @Test
    void an_approval_names_the_build_it_approves() {
        Execution review = at(Stage.REVIEW);
        assertThatThrownBy(() -> review.apply(new Approved("ada", "b6-0000000"), T0))
                .isInstanceOfSatisfying(IllegalTransition.class, e -> {
                    assertThat(e.reason()).isEqualTo(PipelineReason.WRONG_TAG);
                    assertThat(e.getMessage()).isEqualTo("execution #7 is reviewing build b7-3f2a1c9, not b6-0000000: "
                            + "approve what you reviewed");
                });
    }

    @Test
    void a_superseded_execution_cannot_be_approved() {
        Execution superseded = at(Stage.REVIEW).apply(new Superseded(8), T0.plusSeconds(30));
        assertThat(superseded.status()).isEqualTo(ExecutionStatus.SUPERSEDED);
        assertThat(superseded.stage(Stage.REVIEW).status()).isEqualTo(StageStatus.CANCELLED);
        assertThat(superseded.stage(Stage.REVIEW).message()).isEqualTo("superseded by execution #8");
        assertThatThrownBy(() -> superseded.apply(new Approved("ada", superseded.tag()), T0))
                .isInstanceOf(IllegalTransition.class)
                .hasMessage("execution #7 is superseded at REVIEW: it cannot be approved");
    }

    @Test
    void an_event_for_another_stage_is_refused() {
        assertThatThrownBy(() -> at(Stage.DEPLOY).apply(new Succeeded(Stage.BUILD, "late"), T0))
                .isInstanceOf(IllegalTransition.class).hasMessage("execution #7 is at DEPLOY, not BUILD");
    }

    @Test
    void a_bake_breach_ends_rolled_back_with_the_reason() {
        Execution e = at(Stage.BAKE).apply(new RolledBack("12.0 % of 200 requests answered 5xx"), T0.plusSeconds(40));
        assertThat(e.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
        assertThat(e.stage(Stage.BAKE).message()).isEqualTo("rolled back: 12.0 % of 200 requests answered 5xx");
        assertThat(e.approvedBy()).isEqualTo("ada");
    }

    /** Every state against every kind of event: exactly the table's cells are allowed, the rest refused. */
    @Nested
    class TheTransitionTable {

        final Map<String, Execution> states = new LinkedHashMap<>();
        final Map<String, Set<Kind>> allowed = new LinkedHashMap<>();

        TheTransitionTable() {
            states.put("running@SOURCE", at(Stage.SOURCE));
            allowed.put("running@SOURCE", EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.SUPERSEDE, Kind.INTERRUPT));
            states.put("running@BUILD", at(Stage.BUILD));
            allowed.put("running@BUILD", EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.SUPERSEDE, Kind.INTERRUPT));
            states.put("running@DEPLOY", at(Stage.DEPLOY));
            allowed.put("running@DEPLOY", EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.INTERRUPT));
            states.put("running@CHECK", at(Stage.CHECK));
            allowed.put("running@CHECK", EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.SUPERSEDE, Kind.INTERRUPT));
            states.put("awaiting@REVIEW", at(Stage.REVIEW));
            allowed.put("awaiting@REVIEW", EnumSet.of(Kind.APPROVE, Kind.REJECT, Kind.SUPERSEDE));
            states.put("running@FLIP", at(Stage.FLIP));
            allowed.put("running@FLIP", EnumSet.of(Kind.SUCCEED, Kind.FAIL, Kind.ROLL_BACK, Kind.INTERRUPT));
            states.put("running@BAKE", at(Stage.BAKE));
            allowed.put("running@BAKE", EnumSet.of(Kind.SUCCEED, Kind.ROLL_BACK, Kind.INTERRUPT));
            Execution bake = at(Stage.BAKE);
            states.put("succeeded", bake.apply(new Succeeded(Stage.BAKE, "ok"), T0));
            states.put("failed", at(Stage.BUILD).apply(new Failed(Stage.BUILD, "x"), T0));
            states.put("rejected", at(Stage.REVIEW).apply(new Rejected("bob", ""), T0));
            states.put("superseded", at(Stage.REVIEW).apply(new Superseded(9), T0));
            states.put("rolled back", bake.apply(new RolledBack("x"), T0));
            states.put("interrupted", at(Stage.DEPLOY).apply(new Interrupted("x"), T0));
            for (String fin : List.of("succeeded", "failed", "rejected", "superseded", "rolled back", "interrupted")) {
                allowed.put(fin, EnumSet.noneOf(Kind.class));
            }
        }

        @Test
        void allows_exactly_what_it_says_and_refuses_the_rest_with_a_reason() {
            List<String> checked = new ArrayList<>();
            states.forEach((name, execution) -> {
                for (Kind kind : Kind.values()) {
                    PipelineEvent event = sample(kind, execution);
                    if (allowed.get(name).contains(kind)) {
                        Execution after = execution.apply(event, T0.plusSeconds(100));
                        assertThat(after).as(name + " + " + kind).isNotEqualTo(execution);
                    } else {
                        assertThatThrownBy(() -> execution.apply(event, T0.plusSeconds(100))).as(name + " + " + kind)
                                .isInstanceOfSatisfying(IllegalTransition.class, e ->
                                        assertThat(e.reason()).isEqualTo(PipelineReason.NOT_ALLOWED));
                    }
                    checked.add(name + "+" + kind);
                }
            });
            assertThat(checked).hasSize(13 * Kind.values().length);
        }

        @Test
        void the_table_in_the_code_is_the_table_in_this_test() {
            states.forEach((name, execution) -> {
                for (Kind kind : Kind.values()) {
                    assertThat(Transitions.allows(execution, kind)).as(name + " + " + kind)
                            .isEqualTo(allowed.get(name).contains(kind));
                }
            });
        }
    }

    @Test
    void a_commit_id_must_be_hex() {
        assertThatThrownBy(() -> new Commit("main", "a", "m", T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 to 64 hex digits");
    }
}
