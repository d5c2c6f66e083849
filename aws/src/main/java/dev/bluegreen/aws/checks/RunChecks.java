package dev.bluegreen.aws.checks;

import dev.bluegreen.appconfig.checks.ChecksFile;
import dev.bluegreen.appconfig.checks.HttpChecker;
import dev.bluegreen.aws.JarOptions;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.check.Check;
import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.check.CommandCheck;
import dev.bluegreen.core.check.HttpCheck;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's Check action on AWS, between Deploy and Review: the app's {@code checks.yml} run against the test
 * listener, as the local pipeline's check stage runs it: the same file and parser ({@link ChecksFile}), the same
 * requests ({@link HttpChecker}), commands that pass when they exit 0 in time ({@link ShellCheck}), and the core's
 * verdict ({@link CheckResult#verdict}), which it prints last. Exits 0 when every check passed (or there is nothing to
 * check), 1 when one failed or the file cannot be run, 2 on wrong usage. CodeBuild runs it in the VPC, whose
 * requests reach the test listener through the NAT gateway's address, the one the listener lets in.
 *
 * <p>{@code java -cp bluegreen-aws-functions.jar dev.bluegreen.aws.checks.RunChecks --test-url URL --tag TAG
 * --commit COMMIT [--checks FILE]}
 */
public final class RunChecks {

    static final String USAGE = "usage: java -cp bluegreen-aws-functions.jar " + RunChecks.class.getName()
            + " --test-url URL --tag TAG --commit COMMIT [--checks FILE]";
    private static final List<String> NAMES = List.of("--test-url", "--tag", "--commit", "--checks");
    private static final List<String> REQUIRED = List.of("--test-url", "--tag", "--commit");

    private RunChecks() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.out, args));
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Map<String, String> options;
        URI testUrl;
        try {
            options = JarOptions.parse(NAMES, REQUIRED, args);
            testUrl = testUrl(options.get("--test-url"));
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        Path file = Path.of(options.getOrDefault("--checks", ChecksFile.FILE_NAME)).toAbsolutePath();
        Outcome verdict = verdict(file, testUrl, Map.of("TEST_URL", testUrl.toString(),
                "BLUEGREEN_TAG", options.get("--tag"), "BLUEGREEN_COMMIT", options.get("--commit")), out);
        out.println(verdict.message());
        return verdict.done() ? 0 : 1;
    }

    private static Outcome verdict(Path file, URI testUrl, Map<String, String> variables, PrintStream out)
            throws InterruptedException {
        ChecksFile.Found found = ChecksFile.find(file);
        if (!found.anyToRun()) {
            return found.instead();
        }
        List<Check> checks = found.checks();
        out.println("Checking build " + variables.get("BLUEGREEN_TAG") + " on the test side, " + testUrl + ": "
                + checks.size() + (checks.size() == 1 ? " check" : " checks"));
        HttpChecker http = new HttpChecker();
        ShellCheck shell = new ShellCheck(file.getParent(), variables, out);
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            Check resolved = check.resolve(variables);
            CheckResult result = resolved instanceof HttpCheck web ? http.check(web, testUrl, out::println)
                    : shell.run((CommandCheck) resolved);
            out.println("Check '" + check.name() + "' " + (result.passed() ? "passed: " : "FAILED: ")
                    + result.detail());
            results.add(result);
        }
        return CheckResult.verdict(results);
    }

    private static URI testUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException notAUri) {
            // refused below
        }
        throw new IllegalArgumentException("--test-url '" + value + "' is not an http(s) URL such as "
                + "http://shop-alb-123.eu-west-1.elb.amazonaws.com:8080");
    }
}
