package dev.bluegreen.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.cli.Cli;
import dev.bluegreen.testing.MotoServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * An operator's `bluegreen aws status|flip|rollback`, as a separate process, against moto's server (ALB, ECS,
 * CloudFormation) and a fake of CodePipeline's state call.
 */
class AwsOpsCliTest {

    static MotoServer moto;
    static FakeCodePipeline pipeline;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        pipeline = new FakeCodePipeline("shop-pipeline");
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        moto.close();
    }

    private Map<String, String> aws() {
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY, "AWS_REGION", MotoAlb.REGION,
                "AWS_ENDPOINT_URL", moto.endpoint().toString()));
        env.put("AWS_ENDPOINT_URL_CODEPIPELINE", pipeline.endpoint().toString());
        return env;
    }

    @Test
    void status_shows_what_is_live_then_flip_and_rollback_move_it() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1", "shop-alb");
        lb.setTag(lb.green, "Image", "v2");
        clusterStack("shop");

        Cli.Result status = Cli.run(dir, aws(), "aws", "status", "--stack", "shop");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("Stack shop in eu-west-1: NOT_DEPLOYED")
                .containsPattern("prod +80 +http://shop-alb[^ ]* +-> shop-alb-blue")
                .containsPattern("test +8080 +http://shop-alb[^ ]*:8080 +-> shop-alb-green")
                .containsPattern("shop-alb-blue +1/1 healthy +Identifier=Code1 IsProduction=true Image=v1")
                .containsPattern("shop-alb-green +1/1 healthy +Identifier=Code2 IsProduction=false Image=v2")
                .contains("Rollback: not possible: there is no earlier flip to roll back")
                .containsPattern("shop-blue +ACTIVE +0/1 running")
                .contains("Pipeline shop-pipeline")
                .containsPattern("Source +Succeeded +App: Add a green background")
                .containsPattern("Approval +InProgress");

        Cli.Result flip = Cli.run(dir, aws(), "aws", "flip", "--stack", "shop");
        assertThat(flip.exitCode()).as(flip.err()).isZero();
        assertThat(flip.out().trim()).isEqualTo("flip: production now on shop-alb-green (v2), test on "
                + "shop-alb-blue (v1)");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);

        JsonNode json = new ObjectMapper().readTree(Cli.run(dir, aws(), "aws", "status", "--stack", "shop",
                "--json").out());
        assertThat(json.path("listeners").get(0).path("targetGroup").asText()).isEqualTo("shop-alb-green");
        assertThat(json.path("rollback").path("possible").asBoolean()).isTrue();
        assertThat(json.path("rollback").path("detail").asText()).isEqualTo("to shop-alb-blue (v1)");

        Cli.Result rollback = Cli.run(dir, aws(), "aws", "rollback", "--stack", "shop");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out().trim()).isEqualTo("rollback: production now on shop-alb-blue (v1), test on "
                + "shop-alb-green (v2)");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
    }

    @Test
    void refusals_and_mistakes_are_clear_errors() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1", "bad-alb");
        lb.empty(lb.green);

        Cli.Result refused = Cli.run(dir, aws(), "aws", "flip", "--stack", "bad");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().trim()).isEqualTo("refused: target group 'bad-alb-green' has no healthy "
                + "target; production stays on 'bad-alb-blue'");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);

        Cli.Result noRollback = Cli.run(dir, aws(), "aws", "rollback", "--stack", "bad");
        assertThat(noRollback.exitCode()).isEqualTo(1);
        assertThat(noRollback.err()).contains("refused: there is no earlier flip to roll back");

        Cli.Result missing = Cli.run(dir, aws(), "aws", "flip", "--stack", "nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().trim()).isEqualTo("error: there is no load balancer named 'nothere-alb' in this "
                + "account and region; is the stack deployed, and is the region right?");

        Cli.Result badName = Cli.run(dir, aws(), "aws", "status", "--stack", "Bad_Name");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err()).startsWith("error: --stack 'Bad_Name' is not a usable name");

        Map<String, String> noRegion = new HashMap<>(aws());
        noRegion.remove("AWS_REGION");
        noRegion.put("AWS_CONFIG_FILE", dir.resolve("none").toString());
        Cli.Result region = Cli.run(dir, noRegion, "aws", "flip", "--stack", "bad");
        assertThat(region.exitCode()).isEqualTo(1);
        assertThat(region.err()).startsWith("error: an AWS call failed: Unable to load region")
                .doesNotContain("\tat ");
    }

    @Test
    void status_of_nothing_deployed_says_what_to_do() throws Exception {
        Cli.Result status = Cli.run(dir, aws(), "aws", "status", "--stack", "empty");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("Stack empty in eu-west-1: NOT_DEPLOYED")
                .contains("stack 'empty' is not deployed in eu-west-1: 'bluegreen aws deploy' creates it")
                .contains("load balancer 'empty-alb' does not exist yet: the pipeline's first run creates it")
                .contains("pipeline 'empty-pipeline' cannot be read");
    }

    /** What the pipeline's Deploy stage leaves: a cluster stack with the web services (moto runs no tasks). */
    private static void clusterStack(String stack) {
        String template = """
                {"Resources": {
                  "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "%1$s-cluster"}},
                  "Web": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "%1$s-web",
                    "ContainerDefinitions": [{"Name": "web", "Image": "web:v1", "Memory": 512}]}},
                  "Blue": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"},
                    "ServiceName": "%1$s-blue", "TaskDefinition": {"Ref": "Web"}, "DesiredCount": 1}},
                  "Green": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"},
                    "ServiceName": "%1$s-green", "TaskDefinition": {"Ref": "Web"}, "DesiredCount": 1}}},
                 "Outputs": {"ClusterName": {"Value": {"Ref": "Cluster"}},
                   "BlueServiceName": {"Value": {"Fn::GetAtt": ["Blue", "Name"]}},
                   "GreenServiceName": {"Value": {"Fn::GetAtt": ["Green", "Name"]}}}}
                """.formatted(stack);
        try (CloudFormationClient cfn = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(moto.endpoint())
                .credentialsProvider(MotoAlb.credentials()).build()) {
            cfn.createStack(r -> r.stackName(stack + "-cluster").templateBody(template));
        }
    }
}
