package dev.bluegreen.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.aws.release.ReleaseChoice;
import dev.bluegreen.cli.Cli;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * An operator's {@code bluegreen aws status|flip|rollback|destroy} as a separate process, on what the templates
 * that ship make in moto's server: the main stack deployed by {@code aws deploy}, the cluster stack by the pipeline's
 * Discover and Deploy actions ({@link dev.bluegreen.aws.cloudformation.PipelineOnMoto}); a fake of CodePipeline's
 * state call.
 */
class AwsOpsCliTest {

    static MotoServer moto;
    static MotoClients aws;
    static FakeCodePipeline pipeline;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        aws = new MotoClients(moto);
        pipeline = new FakeCodePipeline("shop-pipeline");
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        aws.close();
        moto.close();
    }

    private Cli.Result bluegreen(String... args) throws Exception {
        return Cli.run(dir, aws.env(pipeline), args);
    }

    private void deploy(String stack, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("aws", "deploy", "--stack", stack, "--bucket", "ops-templates",
                "--source", TestProject.create(dir.resolve(stack + "-" + System.nanoTime())).toString(),
                "--app-source-bucket", "ops-app", "--app-source-key", "app.zip", "--table", stack + "-movies"));
        args.addAll(List.of(more));
        Cli.Result result = bluegreen(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
    }

    /** The load balancer's listeners by port. */
    private static Map<Integer, Listener> listeners(String stack) {
        String lb = aws.elb.describeLoadBalancers(b -> b.names(stack + "-alb")).loadBalancers().get(0)
                .loadBalancerArn();
        Map<Integer, Listener> byPort = new java.util.TreeMap<>();
        aws.elb.describeListeners(b -> b.loadBalancerArn(lb)).listeners().forEach(l -> byPort.put(l.port(), l));
        return byPort;
    }

    /** The name of the target group the cluster stack made as {@code TargetGroup1} or {@code TargetGroup2}. */
    private static String group(String stack, String logicalId) {
        String arn = aws.pipeline.clusterResource(stack, logicalId);
        return aws.elb.describeTargetGroups(b -> b.targetGroupArns(arn)).targetGroups().get(0).targetGroupName();
    }

    private static String forwardsTo(String stack, int port) {
        String lb = aws.elb.describeLoadBalancers(b -> b.names(stack + "-alb")).loadBalancers().get(0)
                .loadBalancerArn();
        Listener listener = aws.elb.describeListeners(b -> b.loadBalancerArn(lb)).listeners().stream()
                .filter(l -> l.port() == port).findFirst().orElseThrow();
        String arn = listener.defaultActions().get(0).targetGroupArn();
        return aws.elb.describeTargetGroups(b -> b.targetGroupArns(arn)).targetGroups().get(0).targetGroupName();
    }

    @Test
    void status_flip_and_rollback_move_production_on_what_the_templates_made_and_a_later_run_keeps_it_there()
            throws Exception {
        deploy("shop");
        Map<String, String> first = aws.pipeline.deploy("shop", "app1-1", "platform-1");
        assertThat(first).as("the first run: both sides get the build").containsEntry("Code1", "app1-1")
                .containsEntry("Code2", "app1-1").containsEntry("ProductionIdentifier", "Code1");
        Map<String, String> second = aws.pipeline.deploy("shop", "app2-2", "platform-1");
        assertThat(second).as("the new build goes to the test side").containsEntry("Code1", "app1-1")
                .containsEntry("Code2", "app2-2");
        String blue = group("shop", "TargetGroup1");
        String green = group("shop", "TargetGroup2");

        Cli.Result status = bluegreen("aws", "status", "--stack", "shop");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("Stack shop in eu-west-1: CREATE_COMPLETE")
                .containsPattern("prod +80 +http://shop-alb[^ ]* +-> " + blue)
                .containsPattern("test +8080 +http://shop-alb[^ ]*:8080 +-> " + green)
                .containsPattern(blue + " +2/2 healthy +Identifier=Code1 IsProduction=true Image=app1-1\\R")
                .containsPattern(green + " +2/2 healthy +Identifier=Code2 IsProduction=false Image=app2-2\\R")
                .contains("Rollback: not possible: there is no earlier flip to roll back")
                .as("production at its 2 web tasks, the new build on the test side at production's count")
                .containsPattern("shop-cluster-BlueService-\\w+ +ACTIVE +2/2 running")
                .containsPattern("shop-cluster-GreenService-\\w+ +ACTIVE +2/2 running")
                .containsPattern("shop-cluster-ApiService-\\w+ +ACTIVE +2/2 running")
                .contains("Pipeline shop-pipeline")
                .containsPattern("Release +InProgress +Review in progress\\R");

        Cli.Result flip = bluegreen("aws", "flip", "--stack", "shop");
        assertThat(flip.exitCode()).as(flip.err()).isZero();
        assertThat(flip.out().trim()).isEqualTo("flip: production now on " + green + " (app2-2), test on " + blue
                + " (app1-1)");
        assertThat(flip.err()).as("the new build was deployed at production's count: nothing to scale, no wait")
                .doesNotContain("scaled");
        assertThat(forwardsTo("shop", 80)).isEqualTo(green);
        assertThat(bluegreen("aws", "status", "--stack", "shop").out())
                .containsPattern(green + " +2/2 healthy +Identifier=Code2 IsProduction=true")
                .as("a flip by hand leaves the side it demoted as it is: flipping back is immediate")
                .containsPattern(blue + " +2/2 healthy +Identifier=Code1 IsProduction=false");
        JsonNode json = new ObjectMapper().readTree(bluegreen("aws", "status", "--stack", "shop", "--json").out());
        assertThat(json.path("rollback").path("possible").asBoolean()).isTrue();
        assertThat(json.path("rollback").path("detail").asText()).isEqualTo("to " + blue + " (app1-1)");

        Cli.Result rollback = bluegreen("aws", "rollback", "--stack", "shop");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out().trim()).isEqualTo("rollback: production now on " + blue + " (app1-1), test on "
                + green + " (app2-2)");
        assertThat(forwardsTo("shop", 80)).isEqualTo(blue);

        assertThat(bluegreen("aws", "flip", "--stack", "shop").exitCode()).isZero();
        Map<String, String> third = aws.pipeline.deploy("shop", "app3-3", "platform-1");
        assertThat(third).as("a run after a flip: production stays where the flip left it")
                .containsEntry("ProductionIdentifier", "Code2").containsEntry("Code1", "app3-3")
                .containsEntry("Code2", "app2-2");
        assertThat(forwardsTo("shop", 80)).isEqualTo(green);
        assertThat(forwardsTo("shop", 8080)).isEqualTo(blue);
        assertThat(bluegreen("aws", "status", "--stack", "shop").out()).as("the new build at production's count")
                .containsPattern("shop-cluster-BlueService-\\w+ +ACTIVE +2/2 running")
                .containsPattern("shop-cluster-GreenService-\\w+ +ACTIVE +2/2 running");

    }

    @Test
    void while_traffic_shifts_status_shows_the_weights_and_a_rollback_by_hand_ends_the_shift() throws Exception {
        deploy("canary");
        aws.pipeline.deploy("canary", "app1-1", "platform-1");
        aws.pipeline.deploy("canary", "app2-2", "platform-1");
        String blue = group("canary", "TargetGroup1");
        String green = group("canary", "TargetGroup2");
        // the Flip Lambda's first step of canary:10%:5m, as it takes it
        assertThat(AlbSwitch.flipper(Alb.named(aws.elb, "canary-alb"), Capacity.AS_IS, Duration.ofMinutes(5))
                .shift("app2-2", 10, new Flipper.Request("pipeline", "job-1")).done()).isTrue();

        Cli.Result status = bluegreen("aws", "status", "--stack", "canary");
        assertThat(status.out()).containsPattern("prod +80 +http://canary-alb[^ ]* +-> " + blue + " 90 %, " + green
                + " 10 % \\(shifting\\)\\R").containsPattern("test +8080 +http://canary-alb[^ ]*:8080 +-> " + green
                + "\\R");
        JsonNode json = new ObjectMapper().readTree(bluegreen("aws", "status", "--stack", "canary", "--json").out());
        JsonNode prod = json.path("listeners").get(0);
        assertThat(prod.path("name").asText()).isEqualTo("prod");
        assertThat(prod.path("targetGroup").asText()).isEqualTo(blue);
        assertThat(prod.path("weights").path(blue).asInt()).isEqualTo(90);
        assertThat(prod.path("weights").path(green).asInt()).isEqualTo(10);
        assertThat(json.path("listeners").get(1).path("weights").path(green).asInt()).isEqualTo(100);
        assertThat(json.path("rollback").path("detail").asText()).as("a rollback ends the shift")
                .isEqualTo("to " + blue + " (app1-1)");

        Cli.Result rollback = bluegreen("aws", "rollback", "--stack", "canary");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out().trim()).isEqualTo("rollback: production now on " + blue + " (app1-1), test on "
                + green + " (app2-2)");
        assertThat(forwardsTo("canary", 80)).as("a plain forward again").isEqualTo(blue);
        assertThat(bluegreen("aws", "status", "--stack", "canary").out())
                .containsPattern("prod +80 +http://canary-alb[^ ]* +-> " + blue + "\\R");
    }

    @Test
    void approve_answers_the_waiting_review_with_the_strategy_in_its_comment_and_refuses_a_bad_one()
            throws Exception {
        Cli.Result bad = bluegreen("aws", "approve", "--stack", "shop", "--strategy", "canary:0%:5m");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("--strategy: release strategy 'canary:0%:5m': the step must be 1 to 99 %")
                .contains(ReleaseStrategy.FORMAT);
        assertThat(pipeline.calls).noneMatch(c -> c.startsWith("PutApprovalResult"));

        Cli.Result approve = bluegreen("aws", "approve", "--stack", "shop", "--strategy", "canary:10%:300s",
                "--comment", "checked the test listener");

        assertThat(approve.exitCode()).as(approve.err()).isZero();
        assertThat(approve.out().trim()).isEqualTo("approved execution e-1 of shop-pipeline: the Flip releases it "
                + "canary: 10 % for 5m, then 100 %");
        JsonNode sent = new ObjectMapper().readTree(pipeline.calls.stream().filter(c -> c.startsWith(
                "PutApprovalResult")).findFirst().orElseThrow().substring("PutApprovalResult ".length()));
        assertThat(sent.path("pipelineName").asText()).isEqualTo("shop-pipeline");
        assertThat(sent.path("stageName").asText()).isEqualTo("Release");
        assertThat(sent.path("actionName").asText()).isEqualTo("Review");
        assertThat(sent.path("token").asText()).isEqualTo(FakeCodePipeline.REVIEW_TOKEN);
        assertThat(sent.at("/result/status").asText()).isEqualTo("Approved");
        assertThat(sent.at("/result/summary").asText()).isEqualTo("strategy: canary:10%:5m\nchecked the test "
                + "listener");
        assertThat(ReleaseChoice.choose(Optional.of(sent.at("/result/summary").asText()), "none", "all-at-once")
                .describe()).as("what the Flip reads back").isEqualTo("canary: 10 % for 5m, then 100 % (chosen by "
                + "the approval)");
    }

    @Test
    void with_a_certificate_production_is_https_on_443_port_80_redirects_and_flips_move_443_and_8443()
            throws Exception {
        String certificate = aws.certificate("movies.example.com");
        deploy("tls", "--certificate-arn", certificate);
        aws.pipeline.deploy("tls", "app1-1", "platform-1");
        Map<String, String> second = aws.pipeline.deploy("tls", "app2-2", "platform-1");
        assertThat(second).containsEntry("CertificateArn", certificate);
        String blue = group("tls", "TargetGroup1");
        String green = group("tls", "TargetGroup2");

        Map<Integer, Listener> listeners = listeners("tls");
        assertThat(listeners).containsOnlyKeys(80, 443, 8443);
        assertThat(listeners.get(80).protocolAsString()).isEqualTo("HTTP");
        assertThat(listeners.get(80).defaultActions().get(0).typeAsString()).isEqualTo("redirect");
        assertThat(listeners.get(80).defaultActions().get(0).redirectConfig().protocol()).isEqualTo("HTTPS");
        assertThat(listeners.get(80).defaultActions().get(0).redirectConfig().port()).isEqualTo("443");
        for (int port : List.of(443, 8443)) {
            Listener tls = listeners.get(port);
            assertThat(tls.protocolAsString()).as("%d", port).isEqualTo("HTTPS");
            assertThat(tls.sslPolicy()).as("%d", port).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
            assertThat(tls.certificates().get(0).certificateArn()).as("%d", port).isEqualTo(certificate);
        }
        assertThat(forwardsTo("tls", 443)).isEqualTo(blue);
        assertThat(forwardsTo("tls", 8443)).isEqualTo(green);

        Cli.Result status = bluegreen("aws", "status", "--stack", "tls");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("prod +443 +https://tls-alb[^ ]* +-> " + blue)
                .containsPattern("test +8443 +https://tls-alb[^ ]*:8443 +-> " + green);

        Cli.Result flip = bluegreen("aws", "flip", "--stack", "tls");
        assertThat(flip.exitCode()).as(flip.err()).isZero();
        assertThat(forwardsTo("tls", 443)).isEqualTo(green);
        assertThat(forwardsTo("tls", 8443)).isEqualTo(blue);
        assertThat(listeners("tls").get(80).defaultActions().get(0).typeAsString()).as("still redirecting")
                .isEqualTo("redirect");
        Cli.Result rollback = bluegreen("aws", "rollback", "--stack", "tls");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out().trim()).isEqualTo("rollback: production now on " + blue + " (app1-1), test on "
                + green + " (app2-2)");
        assertThat(forwardsTo("tls", 443)).isEqualTo(blue);
        // adding or removing the certificate on a stack that has its listeners is not played here: moto's
        // CloudFormation cannot update a listener to or from a redirect
    }

    @Test
    void destroy_all_takes_everything_down_and_a_deploy_after_it_starts_from_nothing() throws Exception {
        deploy("anew");
        aws.pipeline.deploy("anew", "app1-1", "platform-1");
        aws.pipeline.deploy("anew", "app2-2", "platform-1");
        assertThat(bluegreen("aws", "load", "--stack", "anew").exitCode()).isZero();

        Cli.Result destroy = bluegreen("aws", "destroy", "--stack", "anew", "--all", "--yes");

        assertThat(destroy.exitCode()).as(destroy.err() + destroy.out()).isZero();
        assertThat(destroy.out()).contains("deleted stack anew-cluster", "deleted stack anew",
                "deleted DynamoDB table anew-movies", "deleted ECR repository anew/web", "deleted ECR repository anew/api");
        assertThat(aws.liveStacks("anew")).isEmpty();
        assertThat(aws.elb.describeLoadBalancers().loadBalancers()).noneMatch(l -> l.loadBalancerName()
                .equals("anew-alb"));
        assertThat(aws.dynamo.listTables().tableNames()).doesNotContain("anew-movies");

        deploy("anew");
        assertThat(aws.pipeline.deploy("anew", "app3-3", "platform-1")).as("a first deployment again")
                .containsEntry("Code1", "app3-3").containsEntry("Code2", "app3-3");
        Cli.Result status = bluegreen("aws", "status", "--stack", "anew");
        assertThat(status.out()).contains("Stack anew in eu-west-1: CREATE_COMPLETE")
                .contains("Rollback: not possible: there is no earlier flip to roll back")
                .containsPattern("IsProduction=true Image=app3-3");
        assertThat(aws.dynamo.scan(b -> b.tableName("anew-movies").select("COUNT")).count()).as("a new table")
                .isZero();
    }

    @Test
    void refusals_and_mistakes_are_clear_errors() throws Exception {
        deploy("bad");
        aws.pipeline.deploy("bad", "app1-1", "platform-1");
        String blue = group("bad", "TargetGroup1");
        String green = group("bad", "TargetGroup2");
        String greenArn = aws.pipeline.clusterResource("bad", "TargetGroup2");
        List<TargetDescription> targets = new ArrayList<>();
        aws.elb.describeTargetHealth(b -> b.targetGroupArn(greenArn)).targetHealthDescriptions()
                .forEach(d -> targets.add(d.target()));
        aws.elb.deregisterTargets(b -> b.targetGroupArn(greenArn).targets(targets)); // its task stopped

        Cli.Result refused = bluegreen("aws", "flip", "--stack", "bad");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().trim()).isEqualTo("refused: target group '" + green + "' has no healthy "
                + "target; production stays on '" + blue + "'");
        assertThat(forwardsTo("bad", 80)).isEqualTo(blue);

        Cli.Result noRollback = bluegreen("aws", "rollback", "--stack", "bad");
        assertThat(noRollback.exitCode()).isEqualTo(1);
        assertThat(noRollback.err()).contains("refused: there is no earlier flip to roll back");

        Cli.Result missing = bluegreen("aws", "flip", "--stack", "nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().trim()).isEqualTo("error: there is no load balancer named 'nothere-alb' in this "
                + "account and region; is the stack deployed, and is the region right?");

        Cli.Result badName = bluegreen("aws", "status", "--stack", "Bad_Name");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err()).startsWith("error: --stack 'Bad_Name' is not a usable name");

        Map<String, String> noRegion = new HashMap<>(aws.env(pipeline));
        noRegion.remove("AWS_REGION");
        noRegion.put("AWS_CONFIG_FILE", dir.resolve("none").toString());
        Cli.Result region = Cli.run(dir, noRegion, "aws", "flip", "--stack", "bad");
        assertThat(region.exitCode()).isEqualTo(1);
        assertThat(region.err()).startsWith("error: an AWS call failed: Unable to load region")
                .doesNotContain("\tat ");
    }

    @Test
    void status_of_nothing_deployed_says_what_to_do() throws Exception {
        Cli.Result status = bluegreen("aws", "status", "--stack", "empty");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("Stack empty in eu-west-1: NOT_DEPLOYED")
                .contains("stack 'empty' is not deployed in eu-west-1: 'bluegreen aws deploy' creates it")
                .contains("load balancer 'empty-alb' does not exist yet: the pipeline's first run creates it")
                .contains("pipeline 'empty-pipeline' cannot be read");
    }
}
