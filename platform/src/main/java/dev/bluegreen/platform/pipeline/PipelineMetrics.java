package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.StageRun;
import dev.bluegreen.core.pipeline.StageStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/**
 * The pipeline on {@code /metrics}: executions by outcome, how long each stage took (by its outcome), and the
 * automatic rollbacks, counted from the transitions themselves so that nothing is counted twice.
 */
final class PipelineMetrics {

    private final MeterRegistry registry;

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param type how the transition is recorded: only {@code pipeline-auto-rollback} is an automatic rollback */
    void transition(Execution before, Execution after, EventType type) {
        for (StageRun was : before.stages()) {
            StageRun now = after.stage(was.stage());
            if (was.status() == StageStatus.RUNNING && now.status() != StageStatus.RUNNING) {
                now.duration().ifPresent(duration -> Timer.builder("bluegreen.pipeline.stage.duration")
                        .description("How long the pipeline's stages took, by stage and outcome")
                        .tag("stage", lower(now.stage().name())).tag("outcome", lower(now.status().name()))
                        .register(registry).record(duration));
            }
        }
        if (!before.isFinal() && after.isFinal()) {
            Counter.builder("bluegreen.pipeline.executions").description("Executions that ended, by outcome")
                    .tag("outcome", lower(after.status().name())).register(registry).increment();
            if (after.status() == ExecutionStatus.ROLLED_BACK && type == EventType.PIPELINE_AUTO_ROLLBACK) {
                Counter.builder("bluegreen.pipeline.auto.rollbacks")
                        .description("Releases the bake or a step of a shift rolled back automatically").register(registry).increment();
            }
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
