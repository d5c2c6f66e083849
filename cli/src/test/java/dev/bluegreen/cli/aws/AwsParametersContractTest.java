package dev.bluegreen.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.cloudformation.CfnTemplate;
import dev.bluegreen.cli.Cli;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.testing.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between what {@code aws deploy} sends and what the templates accept: every option's values that the
 * CLI lets through meet {@code main.yaml}'s constraint on the parameter they become (and what main.yaml refuses, the
 * CLI refuses first, with its own message); and deploys with both sources and every option, at the edges of what
 * is allowed, pass main.yaml, every nested template (checked by the nested-stack stand-in as CloudFormation would)
 * and, through the pipeline's Deploy action, cluster.yaml.
 */
class AwsParametersContractTest {

    static final CfnTemplate MAIN = CfnTemplate.shipped("main");

    static MotoServer moto;
    static MotoClients aws;
    static FakeCodePipeline pipeline;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        aws = new MotoClients(moto);
        pipeline = new FakeCodePipeline("none-pipeline");
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        aws.close();
        moto.close();
    }

    private record Option(String parameter, UnaryOperator<String> check, List<String> accepted,
                          List<String> refused) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("TemplateBucket", b -> Inputs.bucket("--bucket", b),
                    List.of("abc", "my-templates", "a.b-c", "a".repeat(63)),
                    List.of("ab", "My-Bucket", "-bucket", "bucket-", "a".repeat(64), "a_b", "")),
            new Option("AppSourceBucket", b -> Inputs.bucket("--app-source-bucket", b),
                    List.of("my-app", "a".repeat(63)), List.of("ab", "UPPER", "a b")),
            new Option("AppSourceKey", Inputs::key,
                    List.of("app.zip", "app/source.zip", "deep/path/app-v1.2_(final)!.zip", "a*b'c.zip"),
                    List.of("/app.zip", "app.tar.gz", "my app.zip", "app.zip/", "", "ä.zip")),
            new Option("ConnectionArn", Inputs::connectionArn,
                    List.of("arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc-123",
                            "arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/0a1b2c3d"),
                    List.of("ghp_token", "arn:aws:iam::123456789012:role/x",
                            "arn:aws:codestar-connections:eu-west-1:12345:connection/abc")),
            new Option("GitHubOwner", Inputs::githubOwner, List.of("octo", "my-org", "a", "a".repeat(39)),
                    List.of("my_org", "a".repeat(40), "-org", "org-", "a--b", "my.org")),
            new Option("GitHubRepo", Inputs::githubRepo, List.of("movies-app", "a.b_c", "a".repeat(100)),
                    List.of("a".repeat(101), "my repo", "a/b")),
            new Option("GitHubBranch", Inputs::branch, List.of("main", "release/v1.2", "feature_x-1", "a".repeat(255)),
                    List.of("my branch", "a:b", "a~1", "a^", "a?", "a*", "a[b", "a\\b", "/main", "main/", "a..b",
                            "a.lock", "a@{1}")),
            new Option("TestListenerCidr", Inputs::cidr,
                    List.of("203.0.113.7/32", "10.0.0.0/8", "0.0.0.0/0", "none"),
                    List.of("10.1.2.3/16", "300.0.0.0/8", "10.0.0.0/33", "10.0.0.0", "any")),
            new Option("TableName", Inputs::table, List.of("Movies", "abc", "my.movies-2_x", "m".repeat(255)),
                    List.of("ab", "m".repeat(256), "my movies", "tablé")),
            new Option("CertificateArn", Inputs::certificateArn,
                    List.of("arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
                            "arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc", "none"),
                    List.of("arn:aws:iam::123456789012:server-certificate/x", "0a1b2c3d",
                            "arn:aws:acm:eu-west-1:12345:certificate/abc",
                            "arn:aws:acm:eu-west-1:123456789012:certificate/", "")),
            new Option("ApprovalEmail", Inputs::email, List.of("ops@example.com", "a.b+c@d.co.uk"),
                    List.of("ops", "ops@", "@example.com", "o ps@example.com")),
            new Option("BakeWindow", BakeOptions::window, List.of("0", "30000", "600000", "3000000"),
                    List.of("-1", "3000001", "10m", "1.5", "", "1e3")),
            new Option("BakeMaxErrorRate", BakeOptions::maxErrorRate, List.of("0", "0.05", ".5", "1", "1.0", "5E-2"),
                    List.of("-0.1", "1.01", "5%", "NaN", "Infinity", "")),
            new Option("BakeMaxP99", BakeOptions::maxP99, List.of("1", "2000", "60000"),
                    List.of("0", "60001", "2s", "-5", "")),
            new Option("ProductionWebTasks", v -> WebTaskOptions.count("--prod-tasks", v), List.of("1", "2", "4", "03"),
                    List.of("0", "5", "-1", "2.5", "", "two", "100")),
            new Option("IdleWebTasks", v -> WebTaskOptions.count("--idle-tasks", v), List.of("1", "4"),
                    List.of("0", "5", "")),
            new Option("ReleaseStrategy", ReleaseOptions::strategy, List.of("all-at-once", "ALL-AT-ONCE",
                    "canary:10%:5m", "canary:10:300s", " linear:20%:30s ", "linear:99%:1500ms", "canary:1%:24h",
                    "linear:5%:86400000ms"),
                    List.of("", "canary", "canary:0%:5m", "canary:100%:5m", "canary:10%:0s", "canary:10%:25h",
                            "linear:10%:5d", "all at once", "canary:10%:5m;x")),
            new Option("ReleaseStickiness", ReleaseOptions::stickiness, List.of("0", "1", "300", "604800"),
                    List.of("-1", "604801", "5m", "1.5", "")));

    @Test
    void values_the_cli_lets_through_are_values_main_yaml_accepts_and_the_rest_it_refuses_first() {
        List<String> broken = new ArrayList<>();
        for (Option option : OPTIONS) {
            assertThat(MAIN.parameters()).as("main.yaml parameter").containsKey(option.parameter());
            for (String value : option.accepted()) {
                String sent = option.check().apply(value);
                List<String> violations = MAIN.violations(Map.of(option.parameter(), sent));
                if (!violations.isEmpty()) {
                    broken.add("the CLI lets '" + value + "' through but " + violations);
                }
            }
            for (String value : option.refused()) {
                assertThatThrownBy(() -> option.check().apply(value)).as("%s '%s'", option.parameter(), value)
                        .isInstanceOf(UserError.class);
            }
        }
        assertThat(broken).isEmpty();
    }

    private Cli.Result deploy(String stack, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("aws", "deploy", "--stack", stack, "--source",
                TestProject.create(dir.resolve(stack + System.nanoTime())).toString()));
        args.addAll(List.of(options));
        return Cli.run(dir, aws.env(pipeline), args.toArray(String[]::new));
    }

    /** What the stack now holds: what was sent, with the previous values where the CLI asked to keep them. */
    private static Map<String, String> effective(String stack) {
        Map<String, String> values = new LinkedHashMap<>();
        aws.cfn.describeStacks(b -> b.stackName(stack)).stacks().get(0).parameters()
                .forEach(p -> values.put(p.parameterKey(), p.parameterValue()));
        return values;
    }

    @Test
    void a_github_deploy_with_every_option_at_its_longest_passes_every_template_down_to_the_cluster()
            throws Exception {
        String stack = "a" + "b".repeat(27);
        String certificate = aws.certificate("movies.example.com");
        Cli.Result result = deploy(stack, "--certificate-arn", certificate, "--bucket", "c".repeat(63),
                "--github-owner", "o".repeat(39), "--github-repo", "r".repeat(100), "--github-branch",
                "release/v1.2_x", "--connection-arn",
                "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f", "--test-cidr", "0.0.0.0/0",
                "--launch-type", "EC2", "--table", "m".repeat(255), "--approval-email", "ops@example.com",
                "--bake-window", "3000000", "--bake-max-error-rate", ".125", "--bake-max-p99", "60000",
                "--prod-tasks", "4", "--idle-tasks", "2", "--release-strategy", "linear:99%:86399999ms",
                "--release-stickiness", "604800");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        Map<String, String> sent = aws.stacks.sent(stack);
        assertThat(sent).containsEntry("SourceProvider", "CodeStarConnection").containsEntry("AppSourceKey", "")
                .containsEntry("LaunchType", "EC2").containsEntry("TestListenerCidr", "0.0.0.0/0")
                .containsEntry("BakeWindow", "3000000").containsEntry("BakeMaxErrorRate", "0.125")
                .containsEntry("BakeMaxP99", "60000").containsEntry("CertificateArn", certificate)
                .containsEntry("ProductionWebTasks", "4").containsEntry("IdleWebTasks", "2")
                .containsEntry("ReleaseStrategy", "linear:99%:86399999ms")
                .containsEntry("ReleaseStickiness", "604800");
        assertThat(MAIN.violations(MAIN.withDefaults(sent))).isEmpty();

        Map<String, String> cluster = aws.pipeline.deploy(stack, "a".repeat(128), "platform-" + "p".repeat(20));
        assertThat(cluster).containsEntry("LaunchType", "EC2").containsEntry("TableName", "m".repeat(255))
                .containsEntry("StackName", stack).containsEntry("TestListenerCidr", "0.0.0.0/0")
                .containsEntry("CertificateArn", certificate).containsEntry("ProductionWebTasks", "4")
                .as("the new build at production's count").containsEntry("TestWebTasks", "4")
                .doesNotContainKey("IdleWebTasks");
        assertThat(cluster.get("NatGatewayCidr")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/32");
        assertThat(cluster.get("PermissionsBoundaryArn")).startsWith("arn:aws:iam::123456789012:policy/");
    }

    @Test
    void an_s3_deploy_with_the_defaults_then_an_update_to_github_and_back_keep_every_template_satisfied()
            throws Exception {
        Cli.Result s3 = deploy("swap", "--bucket", "contract-templates", "--app-source-bucket", "app-zips",
                "--app-source-key", "deep/path/app-v1.2.zip");
        assertThat(s3.exitCode()).as(s3.err() + s3.out()).isZero();
        assertThat(MAIN.violations(MAIN.withDefaults(aws.stacks.sent("swap")))).isEmpty();
        assertThat(effective("swap")).containsEntry("TestListenerCidr", "").containsEntry("TableName", "Movies")
                .containsEntry("LaunchType", "FARGATE").containsEntry("GitHubOwner", "");

        Cli.Result github = deploy("swap", "--bucket", "contract-templates", "--github-owner", "octo",
                "--github-repo", "movies-app", "--connection-arn",
                "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc", "--test-cidr", "203.0.113.7/32");
        assertThat(github.exitCode()).as(github.err() + github.out()).isZero();
        assertThat(effective("swap")).containsEntry("SourceProvider", "CodeStarConnection")
                .containsEntry("AppSourceBucket", "").containsEntry("AppSourceKey", "")
                .containsEntry("TestListenerCidr", "203.0.113.7/32");

        Cli.Result back = deploy("swap", "--bucket", "contract-templates", "--app-source-bucket", "app-zips",
                "--app-source-key", "app.zip", "--test-cidr", "none");
        assertThat(back.exitCode()).as(back.err() + back.out()).isZero();
        Map<String, String> now = effective("swap");
        assertThat(now).containsEntry("SourceProvider", "S3").containsEntry("ConnectionArn", "")
                .containsEntry("GitHubOwner", "").containsEntry("TestListenerCidr", "");
        assertThat(MAIN.violations(now)).isEmpty();
        Map<String, String> kept = new HashMap<>(aws.stacks.sent("swap"));
        assertThat(kept).as("an update keeps what it is not given").containsEntry("TableName", null)
                .containsEntry("UseExistingTable", null).containsEntry("LaunchType", null);
    }
}
