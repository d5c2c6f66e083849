package dev.bluegreen.platform.pipeline;

import dev.bluegreen.appconfig.checks.ChecksFile;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.check.Check;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.platform.pipeline.build.CheckRequest;
import dev.bluegreen.platform.pipeline.build.CheckRunner;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The Check stage: the {@code checks.yml} of the build's checkout run against the test listener; an app without one
 * has nothing to check. The verdict is the core's ({@link CheckResult#verdict}).
 */
public final class AppChecks implements Checks {

    private final CheckRunner runner;
    private final URI testUrl;

    /** @param testUrl the test listener's base URL, as reached from this machine */
    public AppChecks(CheckRunner runner, URI testUrl) {
        this.runner = runner;
        this.testUrl = testUrl;
    }

    @Override
    public Outcome run(Path checkout, String tag, String commitId, Path log, BooleanSupplier cancelled)
            throws InterruptedException {
        Path file = checkout.resolve(ChecksFile.FILE_NAME);
        ChecksFile.Found found = ChecksFile.find(file);
        if (!found.anyToRun()) {
            return found.instead();
        }
        List<Check> checks = found.checks();
        Map<String, String> variables = Map.of("TEST_URL", testUrl.toString(), "BLUEGREEN_TAG", tag,
                "BLUEGREEN_COMMIT", commitId);
        List<Check> resolved = checks.stream().map(check -> check.resolve(variables)).toList();
        List<CheckResult> results = runner.run(resolved, new CheckRequest(checkout, testUrl, variables, log,
                cancelled));
        return CheckResult.verdict(results).with(RESULTS, results);
    }
}
