package dev.bluegreen.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After the flip: production watched for the bake window, rolled back at the first breach. */
class BakeTest {

    static final BakePolicy.Sample FAILING = new BakePolicy.Sample(100, 50, Duration.ofMillis(20));

    @TempDir
    Path dir;

    PipelineUnderTest it;

    @BeforeEach
    void start() {
        it = new PipelineUnderTest(dir, null, PipelineUnderTest.LONG_BAKE);
    }

    @AfterEach
    void stop() {
        it.close();
    }

    @Test
    void a_breach_during_the_bake_rolls_back_and_ends_rolled_back_with_the_figures() {
        String breach = PipelineUnderTest.bake(PipelineUnderTest.LONG_BAKE).breach(FAILING).orElseThrow();
        AtomicInteger samples = new AtomicInteger();
        it.deployments.production = () -> samples.incrementAndGet() < 3 ? FakeDeployments.HEALTHY : FAILING;
        long id = it.commit("Slow and broken");
        it.approved(id);

        Execution rolledBack = it.await(id, ExecutionStatus.ROLLED_BACK);

        assertThat(it.deployments.rollbacks).containsExactly(breach);
        assertThat(it.deployments.idled).as("the side rolled back from idles").containsExactly("pipeline");
        assertThat(samples).as("no sample after the breach").hasValue(3);
        assertThat(rolledBack.currentStage()).isEqualTo(Stage.BAKE);
        assertThat(rolledBack.stage(Stage.BAKE).message()).isEqualTo("rolled back: " + breach);
        assertThat(it.events()).endsWith(EventType.PIPELINE_AUTO_ROLLBACK);
        assertThat(it.metrics.counter("bluegreen.pipeline.auto.rollbacks").count()).isEqualTo(1.0);
        assertThat(it.executionsEnded("rolled_back")).isEqualTo(1.0);
    }

    @Test
    void a_failed_rollback_is_told_after_the_breach() {
        String breach = PipelineUnderTest.bake(PipelineUnderTest.LONG_BAKE).breach(FAILING).orElseThrow();
        it.deployments.production = () -> FAILING;
        it.deployments.rollbackFailure = Outcome.refused("blue has no healthy target");
        long id = it.commit("Slow and broken");
        it.approved(id);

        Execution rolledBack = it.await(id, ExecutionStatus.ROLLED_BACK);

        assertThat(rolledBack.stage(Stage.BAKE).message()).isEqualTo("rolled back: " + breach
                + "; the rollback failed: blue has no healthy target");
        assertThat(it.deployments.idled).as("production is still there: nothing idles").isEmpty();
    }

    @Test
    void production_is_sampled_until_the_window_ends_and_too_few_requests_are_no_breach(@TempDir Path another) {
        SteppedClock clock = new SteppedClock();
        try (PipelineUnderTest quiet = new PipelineUnderTest(another, null, Duration.ofSeconds(10), clock)) {
            AtomicInteger samples = new AtomicInteger();
            quiet.deployments.production = () -> {
                samples.incrementAndGet();
                clock.advance(Duration.ofSeconds(3));
                return new BakePolicy.Sample(9, 9, Duration.ofSeconds(9));
            };
            long id = quiet.commit("Quiet");
            quiet.approved(id);

            Execution baked = quiet.await(id, ExecutionStatus.SUCCEEDED);

            assertThat(samples).as("at 3, 6, 9 and 12 s of a 10 s window").hasValue(4);
            assertThat(baked.stage(Stage.BAKE).message()).startsWith("production healthy for 10 s; ");
            assertThat(quiet.deployments.rollbacks).isEmpty();
        }
    }

    @Test
    void an_unexpected_failure_during_the_bake_interrupts_the_execution_as_a_pipeline_failure() {
        it.deployments.production = () -> {
            throw new IllegalStateException("the load balancer's counters are gone");
        };
        long id = it.commit("Anything");
        it.approved(id);

        Execution interrupted = it.await(id, ExecutionStatus.INTERRUPTED);

        assertThat(interrupted.stage(Stage.BAKE).message()).isEqualTo("interrupted: unexpected failure: "
                + "java.lang.IllegalStateException: the load balancer's counters are gone");
        assertThat(it.events()).endsWith(EventType.PIPELINE_FAILED);
        assertThat(it.deployments.rollbacks).isEmpty();
    }
}
