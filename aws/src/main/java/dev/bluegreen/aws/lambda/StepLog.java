package dev.bluegreen.aws.lambda;

import dev.bluegreen.aws.release.ReleaseState;
import dev.bluegreen.aws.release.StepJournal;
import dev.bluegreen.core.pipeline.BakePolicy;
import dev.bluegreen.core.release.StepAnalysis;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each judged step of a release as one JSON line of the Flip's log: its share, verdict and both sides' figures. */
final class StepLog implements StepJournal {

    private final JsonLog log;
    private final String jobId;
    private final String loadBalancer;

    StepLog(JsonLog log, String jobId, String loadBalancer) {
        this.log = log;
        this.jobId = jobId;
        this.loadBalancer = loadBalancer;
    }

    @Override
    public void step(ReleaseState state, StepAnalysis.Verdict verdict, BakePolicy.Sample newSide,
                     BakePolicy.Sample oldSide) {
        String outcome = !verdict.passed() ? "breached" : verdict.judged() ? "passed" : "not judged";
        log.info("release-step", "jobId", jobId, "loadBalancer", loadBalancer,
                "strategy", state.choice().strategy().spec(), "step", state.step() + 1,
                "of", state.choice().strategy().steps().size(), "percent", state.percent(), "verdict", outcome,
                "breach", verdict.breach().orElse(null), "newSide", figures(newSide), "oldSide", figures(oldSide),
                "figures", verdict.figures());
    }

    private static Map<String, Object> figures(BakePolicy.Sample sample) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("requests", sample.requests());
        figures.put("errors5xx", sample.serverErrors());
        figures.put("p99Ms", sample.p99().toMillis());
        return figures;
    }
}
