package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.Execution;
import java.util.function.BooleanSupplier;

/**
 * What a step works on: the execution as it was when the step started, and whether a newer commit has superseded
 * it since (a build or a deploy stops early then; its result would not count anyway).
 */
record StepContext(Execution execution, BooleanSupplier cancelled) {

    String tag() {
        return execution.tag();
    }
}
