package dev.bluegreen.aws.release;

import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.release.StepAnalysis;

/** Where each judged step is written down, with its verdict and both sides' figures (the Flip's JSON log lines). */
@FunctionalInterface
public interface StepJournal {

    void step(ReleaseState state, StepAnalysis.Verdict verdict, BakePolicy.Sample newSide, BakePolicy.Sample oldSide);
}
