package dev.bluegreen.core.pipeline;

import java.util.Optional;

/** The stages of an execution, in order: the seed's CodePipeline (Source, Build, Deploy, Approval, Flip) and a bake. */
public enum Stage {
    SOURCE, BUILD, DEPLOY, REVIEW, FLIP, BAKE;

    public Optional<Stage> next() {
        Stage[] all = values();
        return ordinal() + 1 < all.length ? Optional.of(all[ordinal() + 1]) : Optional.empty();
    }
}
