package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.pipeline.ExecutionStatus;
import dev.bluegreen.core.pipeline.StageRun;
import dev.bluegreen.core.pipeline.StageStatus;
import io.micrometer.core.instrument.MeterRegistry;
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

    void transition(Execution before, Execution after) {
        for (StageRun was : before.stages()) {
            StageRun now = after.stage(was.stage());
            if (was.status() == StageStatus.RUNNING && now.status() != StageStatus.RUNNING) {
                now.duration().ifPresent(duration -> registry.timer("bluegreen.pipeline.stage.duration",
                        "stage", lower(now.stage().name()), "outcome", lower(now.status().name())).record(duration));
            }
        }
        if (!before.isFinal() && after.isFinal()) {
            registry.counter("bluegreen.pipeline.executions", "outcome", lower(after.status().name())).increment();
            if (after.status() == ExecutionStatus.ROLLED_BACK) {
                registry.counter("bluegreen.pipeline.auto.rollbacks").increment();
            }
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
