package dev.bluegreen.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.cli.Cli;
import dev.bluegreen.testing.MotoServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code aws deploy}, {@code aws destroy} and {@code aws load} run as a user runs them, against moto's server:
 * real S3 uploads, a real (moto) CloudFormation stack with a nested stack, a table, repositories and a bucket.
 */
class AwsStackCliTest {

    static final Path TEMPLATES = Path.of("src/test/resources/aws-templates").toAbsolutePath();
    static final String BUCKET = "bluegreen-templates-test";
    /** Only the upload test uses it: it sees the bucket created. */
    static final String UPLOADS = "bluegreen-uploads-test";

    static MotoServer moto;
    static MotoClients aws;
    static FakeCodePipeline pipeline;

    @TempDir
    Path dir;
    Path project;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        aws = new MotoClients(moto);
        try {
            pipeline = new FakeCodePipeline("again-pipeline");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopMoto() {
        pipeline.close();
        aws.close();
        moto.close();
    }

    @BeforeEach
    void makeProject() throws Exception {
        project = TestProject.create(dir.resolve("project"));
    }

    private Cli.Result bluegreen(String... args) throws Exception {
        return Cli.run(dir, aws.env(pipeline), args);
    }

    private Cli.Result deploy(String stack, String... more) throws Exception {
        return deployTo(BUCKET, stack, more);
    }

    private Cli.Result deployTo(String bucket, String stack, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("aws", "deploy", "--stack", stack, "--bucket", bucket,
                "--source", project.toString(), "--templates", TEMPLATES.toString()));
        args.addAll(List.of(more));
        return bluegreen(args.toArray(String[]::new));
    }

    private Cli.Result deployFromS3(String stack, String... more) throws Exception {
        return deployFromS3To(BUCKET, stack, more);
    }

    private Cli.Result deployFromS3To(String bucket, String stack, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--app-source-bucket", "my-app-source", "--app-source-key",
                "app/source.zip", "--table", stack + "-movies"));
        args.addAll(List.of(more));
        return deployTo(bucket, stack, args.toArray(String[]::new));
    }

    private static Map<String, String> parameters(Stack stack) {
        return stack.parameters().stream().collect(Collectors.toMap(Parameter::parameterKey,
                Parameter::parameterValue, (a, b) -> a, TreeMap::new));
    }

    private static Stack stack(String name) {
        return aws.cfn.describeStacks(b -> b.stackName(name)).stacks().get(0);
    }

    private static boolean stackExists(String name) {
        return aws.cfn.listStacks().stackSummaries().stream()
                .anyMatch(s -> s.stackName().equals(name) && !s.stackStatusAsString().equals("DELETE_COMPLETE"));
    }

    private static List<String> keys(String bucket, String prefix) {
        if (aws.s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            return List.of();
        }
        return aws.s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key)
                .sorted().toList();
    }

    private static String functionsJarHash() throws Exception {
        try (InputStream in = AwsDeployCommand.class.getResourceAsStream(AwsDeployCommand.FUNCTIONS_JAR)) {
            assertThat(in).as("the functions jar is on the test class path").isNotNull();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()))
                    .substring(0, 12);
        }
    }

    private static Map<String, String> zipEntries(byte[] zip) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void deploy_uploads_the_templates_the_functions_jar_and_the_source_then_creates_the_stack() throws Exception {
        Cli.Result result = deployFromS3To(UPLOADS, "upload", "--test-cidr", "203.0.113.0/24", "--approval-email",
                "ops@example.com");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(keys(UPLOADS, "bluegreen/upload/")).containsExactly(
                "bluegreen/upload/functions/bluegreen-aws-functions-" + functionsJarHash() + ".jar",
                "bluegreen/upload/platform.zip",
                "bluegreen/upload/templates/main.yaml",
                "bluegreen/upload/templates/network.yaml");
        byte[] zip = aws.s3.getObjectAsBytes(b -> b.bucket(UPLOADS).key("bluegreen/upload/platform.zip"))
                .asByteArray();
        assertThat(zipEntries(zip)).containsOnlyKeys("pom.xml", "core/Flip.java")
                .containsEntry("core/Flip.java", "class Flip { /* edited */ }\n");

        Map<String, String> parameters = parameters(stack("upload"));
        assertThat(parameters).containsEntry("TemplateBucket", UPLOADS)
                .containsEntry("TemplatePrefix", "bluegreen/upload/")
                .containsEntry("FunctionsKey", "bluegreen/upload/functions/bluegreen-aws-functions-"
                        + functionsJarHash() + ".jar")
                .containsEntry("PlatformSourceKey", "bluegreen/upload/platform.zip")
                .containsEntry("SourceProvider", "S3")
                .containsEntry("AppSourceBucket", "my-app-source")
                .containsEntry("AppSourceKey", "app/source.zip")
                .containsEntry("TestListenerCidr", "203.0.113.0/24")
                .containsEntry("TableName", "upload-movies")
                .containsEntry("ApprovalEmail", "ops@example.com");
        assertThat(stack("upload").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(aws.dynamo.listTables().tableNames()).contains("upload-movies");

        assertThat(result.out())
                .contains("[1/3] packaging", "[2/3] uploading to s3://" + UPLOADS + "/bluegreen/upload/",
                        "created bucket " + UPLOADS + " in eu-west-1", "[3/3] creating stack upload")
                .contains("upload  CREATE_COMPLETE")
                .contains("stack upload: CREATE_COMPLETE")
                .contains("pipeline:", "codepipeline/pipelines/upload-pipeline")
                .contains("created stack upload-cluster", "bluegreen aws status --stack upload");
        assertThat(aws.s3.getPublicAccessBlock(b -> b.bucket(UPLOADS)).publicAccessBlockConfiguration()
                .blockPublicAcls()).isTrue();
        assertThat(aws.s3.getBucketVersioning(b -> b.bucket(UPLOADS)).statusAsString())
                .as("CodePipeline's S3 source needs a versioned bucket").isEqualTo("Enabled");
    }

    @Test
    void a_second_deploy_without_changes_succeeds_and_keeps_the_app_source() throws Exception {
        Cli.Result first = deploy("again", "--github-owner", "octo", "--github-repo", "movies-app",
                "--connection-arn", "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc-123");
        assertThat(first.exitCode()).as(first.err()).isZero();

        Cli.Result second = deploy("again");

        assertThat(second.exitCode()).as(second.err() + second.out()).isZero();
        assertThat(second.out()).contains("functions jar unchanged", "[3/3] updating stack again");
        assertThat(second.out()).containsAnyOf("no changes (already up to date)", "stack again: UPDATE_COMPLETE");
        assertThat(second.out()).contains("started pipeline again-pipeline (execution e-2)");
        assertThat(pipeline.calls).anyMatch(c -> c.startsWith("StartPipelineExecution")
                && c.contains("\"again-pipeline\""));
        assertThat(parameters(stack("again"))).containsEntry("SourceProvider", "CodeStarConnection")
                .containsEntry("GitHubOwner", "octo").containsEntry("GitHubRepo", "movies-app")
                .containsEntry("GitHubBranch", "main");
    }

    @Test
    void deploy_prints_the_app_urls_once_the_cluster_stack_exists() throws Exception {
        assertThat(deployFromS3("urls").exitCode()).isZero();
        createClusterStack("urls");

        Cli.Result again = deployFromS3("urls");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("prod:", "http://urls-alb.example.com/")
                .contains("test:", "http://urls-alb.example.com:8080/")
                .doesNotContain("appear once the pipeline's first run");
    }

    /** What the pipeline creates from cluster.yaml: here only its outputs matter. */
    private static void createClusterStack(String stack) {
        String template = """
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties: {QueueName: %1$s-cluster-queue}
                Outputs:
                  ProdUrl: {Value: 'http://%1$s-alb.example.com/'}
                  TestUrl: {Value: 'http://%1$s-alb.example.com:8080/'}
                  ClusterName: {Value: %1$s}
                """.formatted(stack);
        aws.cfn.createStack(b -> b.stackName(stack + "-cluster").templateBody(template));
    }

    @Test
    void destroy_deletes_both_stacks_after_emptying_the_artifact_bucket_and_keeps_the_data() throws Exception {
        assertThat(deployFromS3("gone").exitCode()).isZero();
        createClusterStack("gone");
        String artifacts = stack("gone").outputs().stream().filter(o -> o.outputKey().equals("ArtifactBucket"))
                .findFirst().orElseThrow().outputValue();
        // moto's CloudFormation does not apply VersioningConfiguration; AWS does
        aws.s3.putBucketVersioning(b -> b.bucket(artifacts).versioningConfiguration(v -> v.status("Enabled")));
        aws.s3.putObject(b -> b.bucket(artifacts).key("build/1.zip"), RequestBody.fromString("one"));
        aws.s3.putObject(b -> b.bucket(artifacts).key("build/1.zip"), RequestBody.fromString("two"));
        aws.s3.deleteObject(b -> b.bucket(artifacts).key("build/1.zip"));

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "gone", "--yes");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(stackExists("gone")).isFalse();
        assertThat(stackExists("gone-cluster")).isFalse();
        assertThat(aws.s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(artifacts));
        assertThat(result.out()).contains("emptied artifact bucket " + artifacts + " (3 object versions)",
                "deleted stack gone-cluster", "deleted stack gone", "kept: the movies table");
        assertThat(aws.dynamo.listTables().tableNames()).contains("gone-movies");
        assertThat(aws.ecr.describeRepositories().repositories()).anyMatch(r -> r.repositoryName().equals("gone-web"));

        Cli.Result twice = bluegreen("aws", "destroy", "--stack", "gone", "--yes");
        assertThat(twice.exitCode()).as(twice.err()).isZero();
        assertThat(twice.out()).contains("stack gone does not exist", "nothing to delete");
    }

    @Test
    void destroy_all_also_deletes_the_table_and_the_repositories_with_their_images() throws Exception {
        assertThat(deployFromS3("wipe").exitCode()).isZero();
        aws.ecr.putImage(b -> b.repositoryName("wipe-web").imageTag("v1").imageManifest(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                        + "\"size\":1,\"digest\":\"sha256:" + "a".repeat(64) + "\"},\"layers\":[]}"));

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "wipe", "--all", "--yes");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(stackExists("wipe")).isFalse();
        assertThat(aws.dynamo.listTables().tableNames()).doesNotContain("wipe-movies");
        assertThat(aws.ecr.describeRepositories().repositories())
                .noneMatch(r -> r.repositoryName().startsWith("wipe-"));
        assertThat(result.out()).contains("deleted ECR repository wipe-web and its images",
                "deleted ECR repository wipe-api", "deleted DynamoDB table wipe-movies");
    }

    @Test
    void destroy_all_after_the_stack_is_gone_finds_what_it_kept_by_cloudformations_tag() throws Exception {
        // what CloudFormation leaves after deleting a stack whose table and repositories are retained (moto's
        // CloudFormation does not tag, so the tag is put here as AWS's would be)
        var tag = software.amazon.awssdk.services.ecr.model.Tag.builder().key("aws:cloudformation:stack-name")
                .value("left").build();
        aws.ecr.createRepository(b -> b.repositoryName("left-web").tags(tag));
        aws.ecr.createRepository(b -> b.repositoryName("other-web"));
        aws.dynamo.createTable(b -> b.tableName("left-movies").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                        .attributeName("year").attributeType("N").build())
                .keySchema(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                        .attributeName("year").keyType("HASH").build())
                .tags(software.amazon.awssdk.services.dynamodb.model.Tag.builder()
                        .key("aws:cloudformation:stack-name").value("left").build()));

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "left", "--all", "--yes");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(result.out()).contains("stack left does not exist", "deleted ECR repository left-web",
                "deleted DynamoDB table left-movies");
        assertThat(aws.ecr.describeRepositories().repositories()).extracting(r -> r.repositoryName())
                .contains("other-web").doesNotContain("left-web");
        assertThat(aws.dynamo.listTables().tableNames()).doesNotContain("left-movies");
    }

    @Test
    void deploy_no_wait_returns_once_the_operation_started() throws Exception {
        Cli.Result result = deployFromS3("quick", "--no-wait");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("[3/3] creating stack quick in eu-west-1" + System.lineSeparator())
                .contains("not waited for").doesNotContain("CREATE_COMPLETE  ");
        assertThat(stackExists("quick")).isTrue();
    }

    @Test
    void destroy_without_a_terminal_needs_yes() throws Exception {
        assertThat(deployFromS3("careful").exitCode()).isZero();

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "careful");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("--yes").doesNotContain("\tat ");
        assertThat(stackExists("careful")).isTrue();
    }

    @Test
    void load_fills_the_stacks_table() throws Exception {
        assertThat(deployFromS3("loaded").exitCode()).isZero();

        Cli.Result result = bluegreen("aws", "load", "--stack", "loaded");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Loaded 65 movies", "loaded-movies");
        assertThat(aws.dynamo.scan(b -> b.tableName("loaded-movies").select("COUNT")).count()).isEqualTo(65);
    }

    @Test
    void load_from_a_stack_that_does_not_exist_says_what_to_do() throws Exception {
        Cli.Result result = bluegreen("aws", "load", "--stack", "nowhere");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("stack nowhere does not exist", "bluegreen aws deploy", "--table")
                .doesNotContain("\tat ");
    }

    @Test
    void bad_input_is_refused_before_anything_is_uploaded() throws Exception {
        assertRefused(bluegreen("aws", "deploy", "--stack", "nobucket", "--source", project.toString(),
                "--app-source-bucket", "a-bucket", "--app-source-key", "k.zip"), "--bucket is required");
        assertRefused(deployFromS3("cidr", "--test-cidr", "10.0.0.300/8"), "--test-cidr '10.0.0.300/8' is not an IPv4");
        assertRefused(deployFromS3("cidr", "--test-cidr", "10.1.2.3/16"), "did you mean 10.1.0.0/16?");
        assertRefused(deployFromS3("Bad_Stack"), "--stack 'Bad_Stack' is not a usable name");
        Cli.Result token = deploy("arn", "--github-owner", "o", "--github-repo", "r", "--connection-arn",
                "ghp_notAnArnButAToken");
        assertRefused(token, "--connection-arn is not a CodeStar connection ARN");
        assertThat(token.out() + token.err()).as("a token given by mistake is not echoed")
                .doesNotContain("ghp_notAnArnButAToken");
        assertRefused(deploy("arn", "--github-owner", "o", "--github-repo", "r", "--connection-arn",
                "arn:aws:iam::123456789012:role/x"), "--connection-arn 'arn:aws:iam::123456789012:role/x' is not a");
        assertRefused(deploy("nosource"), "the app's source is required for a new stack");
        assertRefused(bluegreen("aws", "deploy", "--stack", "bucketname", "--bucket", "Not_A_Bucket"),
                "--bucket 'Not_A_Bucket' is not a valid S3 bucket name");
        Files.createDirectories(dir.resolve("elsewhere"));
        assertRefused(bluegreen("aws", "deploy", "--stack", "elsewhere", "--bucket", BUCKET, "--source",
                dir.resolve("elsewhere").toString(), "--app-source-bucket", "a-bucket", "--app-source-key", "k.zip"),
                "is not the bluegreen project");
        assertThat(keys(BUCKET, "bluegreen/").stream().filter(k -> k.matches("bluegreen/(nobucket|cidr|arn|"
                + "nosource|bucketname|elsewhere)/.*")).toList()).isEmpty();
    }

    private static void assertRefused(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.err()).contains(message).doesNotContain("\tat ");
    }
}
