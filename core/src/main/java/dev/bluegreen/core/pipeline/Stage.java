package dev.bluegreen.core.pipeline;

import java.util.Optional;

/**
 * The stages of an execution, in order: the seed's CodePipeline (Source, Build, Deploy, Approval, Flip) with the app's
 * checks against the test side before anyone is asked to approve (CodeDeploy's {@code AfterAllowTestTraffic}), and a
 * bake. Stored executions from before a stage existed lack its run: readers fill it in (see {@link StageRun#missing}).
 */
public enum Stage {
    SOURCE, BUILD, DEPLOY, CHECK, REVIEW, FLIP, BAKE;

    public Optional<Stage> next() {
        Stage[] all = values();
        return ordinal() + 1 < all.length ? Optional.of(all[ordinal() + 1]) : Optional.empty();
    }
}
