package dev.bluegreen.aws.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.stack.FakeCloudFormation.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** A create that fails in a nested stack and rolls back: played by {@link FakeCloudFormation} (moto cannot). */
class StackDeployerFailureTest {

    private static final Polling FAST = new Polling(Duration.ofMillis(10), Duration.ofSeconds(10));

    @Test
    void a_failed_create_reports_each_event_once_and_names_the_first_real_failure() throws Exception {
        List<Event> script = List.of(
                new Event(0, false, "demo", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
                new Event(0, false, "Network", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", ""),
                new Event(0, false, "Table", "AWS::DynamoDB::Table", "CREATE_IN_PROGRESS", ""),
                new Event(1, true, "Vpc", "AWS::EC2::VPC", "CREATE_FAILED",
                        "The maximum number of VPCs has been reached."),
                new Event(1, false, "Table", "AWS::DynamoDB::Table", "CREATE_FAILED", "Resource creation cancelled"),
                new Event(1, false, "Network", "AWS::CloudFormation::Stack", "CREATE_FAILED",
                        "Embedded stack demo-Network-X was not successfully created"),
                new Event(2, false, "demo", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", ""));
        try (FakeCloudFormation fake = new FakeCloudFormation("demo", List.of("CREATE_IN_PROGRESS",
                "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE"), script);
             CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(fake.endpoint())
                     .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .build()) {
            List<String> lines = new ArrayList<>();

            assertThatThrownBy(() -> new StackDeployer(cfn, FAST).deploy("demo", "https://b.s3.amazonaws.com/main.yaml",
                    Map.of("TableName", "Movies"), true, e -> lines.add(e.line())))
                    .isInstanceOf(AwsException.class)
                    .hasMessageContaining("stack demo: the create failed (ROLLBACK_COMPLETE)")
                    .hasMessageContaining("Network/Vpc (AWS::EC2::VPC): The maximum number of VPCs has been reached.")
                    .hasMessageNotContaining("cancelled")
                    .hasMessageNotContaining("Embedded stack")
                    .hasMessageContaining("bluegreen aws destroy --stack demo");

            assertThat(lines).containsExactly(
                    "10:00:00  demo  CREATE_IN_PROGRESS  User Initiated",
                    "10:00:01  Network  CREATE_IN_PROGRESS",
                    "10:00:02  Table  CREATE_IN_PROGRESS",
                    "10:00:03  Network/Vpc  CREATE_FAILED  The maximum number of VPCs has been reached.",
                    "10:00:04  Table  CREATE_FAILED  Resource creation cancelled",
                    "10:00:05  Network  CREATE_FAILED  Embedded stack demo-Network-X was not successfully created",
                    "10:00:06  demo  ROLLBACK_COMPLETE");
            assertThat(fake.actions).contains("CreateStack").doesNotContain("UpdateStack");
        }
    }
}
