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
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code aws deploy}, {@code aws destroy} and {@code aws load} run as a user runs them, deploying the templates that
 * ship: moto's server creates the network, data and pipeline templates as the stacks CloudFormation would nest in
 * the main stack ({@link dev.bluegreen.aws.cloudformation.NestedStacksOnMoto}, which also holds every parameter to
 * the templates' constraints, as CloudFormation does and moto does not).
 */
class AwsStackCliTest {

    static final String BUCKET = "bluegreen-templates-test";
    /** Only the upload test uses it: it sees the bucket created. */
    static final String UPLOADS = "bluegreen-uploads-test";
    static final String CONNECTION = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc-123";

    static MotoServer moto;
    static MotoClients aws;
    static FakeCodePipeline pipeline;

    @TempDir
    Path dir;
    Path project;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        aws = new MotoClients(moto);
        pipeline = new FakeCodePipeline("again-pipeline");
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

    private Cli.Result deployTo(String bucket, String stack, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("aws", "deploy", "--stack", stack, "--bucket", bucket,
                "--source", project.toString()));
        args.addAll(List.of(more));
        return bluegreen(args.toArray(String[]::new));
    }

    private Cli.Result deploy(String stack, String... more) throws Exception {
        return deployTo(BUCKET, stack, more);
    }

    private Cli.Result deployFromS3(String stack, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--app-source-bucket", "my-app-source", "--app-source-key",
                "app/source.zip", "--table", stack + "-movies"));
        args.addAll(List.of(more));
        return deploy(stack, args.toArray(String[]::new));
    }

    static Map<String, String> parameters(Stack stack) {
        return stack.parameters().stream().collect(Collectors.toMap(Parameter::parameterKey,
                Parameter::parameterValue, (a, b) -> a, TreeMap::new));
    }

    static Stack stack(String name) {
        return aws.cfn.describeStacks(b -> b.stackName(name)).stacks().get(0);
    }

    static Map<String, String> outputs(String name) {
        Map<String, String> outputs = new TreeMap<>();
        stack(name).outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return outputs;
    }

    static List<String> stacks(String prefix) {
        return aws.liveStacks(prefix);
    }

    private static List<String> keys(String bucket, String prefix) {
        if (aws.s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            return List.of();
        }
        return aws.s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key)
                .sorted().toList();
    }

    private static List<String> tables() {
        return aws.dynamo.listTables().tableNames();
    }

    private static List<String> repositories() {
        return aws.ecr.describeRepositories().repositories().stream().map(r -> r.repositoryName()).toList();
    }

    private static String tag(String table) {
        String arn = aws.dynamo.describeTable(b -> b.tableName(table)).table().tableArn();
        return aws.dynamo.listTagsOfResource(b -> b.resourceArn(arn)).tags().stream()
                .filter(t -> t.key().equals("bluegreen:stack")).map(t -> t.value()).findFirst().orElse(null);
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
    void deploy_uploads_everything_then_creates_the_network_data_and_pipeline_stacks_from_the_real_templates()
            throws Exception {
        Cli.Result result = deployTo(UPLOADS, "upload", "--app-source-bucket", "my-app-source", "--app-source-key",
                "app/source.zip", "--table", "upload-movies", "--test-cidr", "203.0.113.0/24", "--approval-email",
                "ops@example.com");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(keys(UPLOADS, "bluegreen/upload/")).containsExactly(
                "bluegreen/upload/functions/bluegreen-aws-functions-" + functionsJarHash() + ".jar",
                "bluegreen/upload/platform.zip",
                "bluegreen/upload/templates/cluster.yaml",
                "bluegreen/upload/templates/data.yaml",
                "bluegreen/upload/templates/main.yaml",
                "bluegreen/upload/templates/network.yaml",
                "bluegreen/upload/templates/pipeline.yaml");
        byte[] zip = aws.s3.getObjectAsBytes(b -> b.bucket(UPLOADS).key("bluegreen/upload/platform.zip"))
                .asByteArray();
        assertThat(zipEntries(zip)).containsOnlyKeys("pom.xml", "core/Flip.java", TestProject.CLUSTER_TEMPLATE)
                .containsEntry("core/Flip.java", "class Flip { /* edited */ }\n");

        assertThat(parameters(stack("upload"))).containsEntry("TemplateBucket", UPLOADS)
                .containsEntry("TemplatePrefix", "bluegreen/upload/")
                .containsEntry("FunctionsKey", "bluegreen/upload/functions/bluegreen-aws-functions-"
                        + functionsJarHash() + ".jar")
                .containsEntry("PlatformSourceKey", "bluegreen/upload/platform.zip")
                .containsEntry("SourceProvider", "S3")
                .containsEntry("AppSourceBucket", "my-app-source")
                .containsEntry("AppSourceKey", "app/source.zip")
                .containsEntry("TestListenerCidr", "203.0.113.0/24")
                .containsEntry("TableName", "upload-movies")
                .containsEntry("ApprovalEmail", "ops@example.com")
                .containsEntry("UseExistingTable", "false");
        assertThat(stacks("upload-")).hasSize(3).allMatch(s -> s.matches("upload-(Network|Data|Pipeline)Stack-\\w{12}"));
        assertThat(outputs("upload")).containsEntry("MoviesTable", "upload-movies")
                .containsEntry("WebRepository", "upload/web").containsEntry("ApiRepository", "upload/api")
                .containsEntry("PipelineName", "upload-pipeline").containsEntry("LoadBalancerName", "upload-alb")
                .containsEntry("ClusterStackName", "upload-cluster");
        assertThat(tables()).contains("upload-movies");
        assertThat(tag("upload-movies")).as("the data stack tags what outlives it").isEqualTo("upload");
        assertThat(repositories()).contains("upload/web", "upload/api");

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
        assertThat(aws.policies.policy(UPLOADS)).as("TLS only").get().asString()
                .contains("\"Effect\": \"Deny\"", "\"aws:SecureTransport\": \"false\"",
                        "arn:aws:s3:::" + UPLOADS + "/*");
        assertThat(result.out()).contains("bucket " + UPLOADS + " refuses plain HTTP");
        assertThat(aws.policies.requests()).filteredOn(r -> r.contains(" /" + UPLOADS))
                .as("every call but the bucket's creation names the account that must own the bucket")
                .hasSizeGreaterThan(8).allMatch(r -> r.endsWith(" owner=123456789012") || r.equals("PUT /" + UPLOADS
                        + " owner=null"));
    }

    @Test
    void deploy_from_github_is_accepted_and_a_second_deploy_without_changes_keeps_the_app_source() throws Exception {
        Cli.Result first = deploy("again", "--github-owner", "octo", "--github-repo", "movies-app",
                "--connection-arn", CONNECTION);
        assertThat(first.exitCode()).as(first.err() + first.out()).isZero();
        assertThat(parameters(stack("again"))).containsEntry("SourceProvider", "CodeStarConnection")
                .containsEntry("AppSourceBucket", "").containsEntry("AppSourceKey", "")
                .containsEntry("TableName", "Movies");

        Cli.Result second = deploy("again");

        assertThat(second.exitCode()).as(second.err() + second.out()).isZero();
        assertThat(second.out()).contains("functions jar unchanged", "[3/3] updating stack again");
        assertThat(second.out()).containsAnyOf("no changes (already up to date)", "stack again: UPDATE_COMPLETE");
        assertThat(second.out()).contains("started pipeline again-pipeline (execution e-2)");
        assertThat(pipeline.calls).anyMatch(c -> c.startsWith("StartPipelineExecution")
                && c.contains("\"again-pipeline\""));
        assertThat(parameters(stack("again"))).containsEntry("SourceProvider", "CodeStarConnection")
                .containsEntry("GitHubOwner", "octo").containsEntry("GitHubRepo", "movies-app")
                .containsEntry("GitHubBranch", "main").containsEntry("ConnectionArn", CONNECTION);
        assertThat(aws.stacks.sent("again")).as("the update leaves the source as it was")
                .containsEntry("SourceProvider", null).containsEntry("GitHubOwner", null);
    }

    @Test
    void deploy_prints_the_app_urls_and_who_may_reach_the_test_listener_once_the_cluster_stack_exists()
            throws Exception {
        assertThat(deployFromS3("urls").exitCode()).isZero();
        aws.pipeline.deploy("urls", "app1-1", "platform-1");

        Cli.Result again = deployFromS3("urls");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern("prod: +http://urls-alb-[^ ]+\\.elb\\.amazonaws\\.com")
                .containsPattern("test: +http://urls-alb-[^ ]+:8080 \\(open only to the pipeline's own checks; "
                        + "--test-cidr YOUR.ADDRESS/32 lets you in\\)")
                .doesNotContain("appear once the pipeline's first run");
    }

    @Test
    void destroy_deletes_the_stacks_after_emptying_the_artifact_bucket_and_keeps_the_data() throws Exception {
        assertThat(deployFromS3("gone").exitCode()).isZero();
        aws.pipeline.deploy("gone", "app1-1", "platform-1");
        String artifacts = outputs("gone").get("ArtifactBucket");
        // moto's CloudFormation does not apply VersioningConfiguration; AWS does
        aws.s3.putBucketVersioning(b -> b.bucket(artifacts).versioningConfiguration(v -> v.status("Enabled")));
        aws.s3.putObject(b -> b.bucket(artifacts).key("build/1.zip"), RequestBody.fromString("one"));
        aws.s3.putObject(b -> b.bucket(artifacts).key("build/1.zip"), RequestBody.fromString("two"));
        aws.s3.deleteObject(b -> b.bucket(artifacts).key("build/1.zip"));

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "gone", "--yes");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(stacks("gone")).as("the main stack, its nested stacks and the cluster stack").isEmpty();
        assertThat(aws.s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(artifacts));
        assertThat(result.out()).contains("emptied artifact bucket " + artifacts + " (3 object versions)",
                "deleted stack gone-cluster", "deleted stack gone", "kept: the movies table");
        assertThat(tables()).contains("gone-movies");
        assertThat(repositories()).contains("gone/web", "gone/api");

        Cli.Result twice = bluegreen("aws", "destroy", "--stack", "gone", "--yes");
        assertThat(twice.exitCode()).as(twice.err()).isZero();
        assertThat(twice.out()).contains("stack gone does not exist", "nothing to delete");
    }

    @Test
    void destroy_all_also_deletes_the_table_and_the_repositories_with_their_images() throws Exception {
        assertThat(deployFromS3("wipe").exitCode()).isZero();
        putImage("wipe/web");

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "wipe", "--all", "--yes");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(stacks("wipe")).isEmpty();
        assertThat(tables()).doesNotContain("wipe-movies");
        assertThat(repositories()).noneMatch(r -> r.startsWith("wipe/"));
        assertThat(result.out()).contains("deleted ECR repository wipe/web and its images",
                "deleted ECR repository wipe/api", "deleted DynamoDB table wipe-movies");
    }

    @Test
    void destroy_all_after_the_stack_is_gone_finds_what_it_kept_by_the_data_stacks_own_tag() throws Exception {
        assertThat(deployFromS3("left").exitCode()).isZero();
        assertThat(deployFromS3("other").exitCode()).isZero();
        assertThat(bluegreen("aws", "destroy", "--stack", "left", "--yes").exitCode()).isZero();
        assertThat(tables()).contains("left-movies");

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "left", "--all", "--yes");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(result.out()).contains("stack left does not exist", "deleted ECR repository left/web",
                "deleted ECR repository left/api", "deleted DynamoDB table left-movies");
        assertThat(repositories()).contains("other/web", "other/api").doesNotContain("left/web", "left/api");
        assertThat(tables()).contains("other-movies").doesNotContain("left-movies");
    }

    @Test
    void a_deploy_after_destroy_uses_the_kept_table_and_repositories_and_the_movies_are_still_there()
            throws Exception {
        assertThat(deployFromS3("phoenix").exitCode()).isZero();
        assertThat(bluegreen("aws", "load", "--stack", "phoenix").exitCode()).isZero();
        putImage("phoenix/web");
        assertThat(bluegreen("aws", "destroy", "--stack", "phoenix", "--yes").exitCode()).isZero();

        Cli.Result again = deployFromS3("phoenix");

        assertThat(again.exitCode()).as(again.err() + again.out()).isZero();
        assertThat(again.out()).contains("using table phoenix-movies, kept by an earlier deployment: its movies stay",
                "using ECR repository phoenix/web, kept by an earlier deployment: its images stay",
                "using ECR repository phoenix/api", "stack phoenix: CREATE_COMPLETE");
        assertThat(parameters(stack("phoenix"))).containsEntry("UseExistingTable", "true")
                .containsEntry("UseExistingWebRepository", "true").containsEntry("UseExistingApiRepository", "true");
        assertThat(aws.dynamo.scan(b -> b.tableName("phoenix-movies").select("COUNT")).count()).isEqualTo(65);
        assertThat(aws.ecr.describeImages(b -> b.repositoryName("phoenix/web")).imageDetails()).hasSize(1);
        assertThat(outputs("phoenix")).containsEntry("MoviesTable", "phoenix-movies")
                .containsEntry("WebRepository", "phoenix/web");

        Cli.Result all = bluegreen("aws", "destroy", "--stack", "phoenix", "--all", "--yes");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(tables()).doesNotContain("phoenix-movies");
        assertThat(repositories()).noneMatch(r -> r.startsWith("phoenix/"));
    }

    @Test
    void a_deploy_refuses_a_table_or_repository_that_another_stack_or_nobody_made() throws Exception {
        aws.dynamo.createTable(b -> b.tableName("hand-made").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("year").attributeType("N").build())
                .keySchema(KeySchemaElement.builder().attributeName("year").keyType("HASH").build()));
        aws.ecr.createRepository(b -> b.repositoryName("squatted/web"));

        Cli.Result table = deploy("mine", "--app-source-bucket", "b-bucket", "--app-source-key", "a.zip", "--table",
                "hand-made");
        Cli.Result repository = deployFromS3("squatted");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.err()).contains("DynamoDB table hand-made exists and is not stack mine's (it has no "
                + "bluegreen:stack tag): give --table NAME for a new one", "tag it bluegreen:stack=mine")
                .doesNotContain("\tat ");
        assertThat(repository.exitCode()).isEqualTo(1);
        assertThat(repository.err()).contains("ECR repository squatted/web exists and is not stack squatted's");
        assertThat(keys(BUCKET, "bluegreen/mine/")).as("refused before anything is uploaded").isEmpty();
        assertThat(stacks("mine")).isEmpty();
    }

    @Test
    void deploy_no_wait_returns_once_the_operation_started() throws Exception {
        Cli.Result result = deployFromS3("quick", "--no-wait");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("[3/3] creating stack quick in eu-west-1" + System.lineSeparator())
                .contains("not waited for").doesNotContain("CREATE_COMPLETE  ");
        assertThat(stacks("quick")).contains("quick");
    }

    @Test
    void destroy_without_a_terminal_needs_yes() throws Exception {
        assertThat(deployFromS3("careful").exitCode()).isZero();

        Cli.Result result = bluegreen("aws", "destroy", "--stack", "careful");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("--yes").doesNotContain("\tat ");
        assertThat(stacks("careful")).contains("careful");
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
        assertRefused(deploy("owner", "--github-owner", "my_org", "--github-repo", "r", "--connection-arn",
                CONNECTION), "--github-owner 'my_org' is not a GitHub user or organisation name");
        assertRefused(deploy("branch", "--github-owner", "o", "--github-repo", "r", "--connection-arn",
                CONNECTION, "--github-branch", "my branch"), "--github-branch 'my branch' is not a git branch name");
        assertRefused(deploy("key", "--app-source-bucket", "a-bucket", "--app-source-key", "app.tar.gz"),
                "--app-source-key 'app.tar.gz' must be the zip's key");
        assertRefused(deploy("table", "--app-source-bucket", "b-bucket", "--app-source-key", "a.zip", "--table",
                "m".repeat(256)), "a table name is 3 to 255");
        assertRefused(deploy("nosource"), "the app's source is required for a new stack");
        assertRefused(deploy("cert", "--app-source-bucket", "b-bucket", "--app-source-key", "a.zip",
                "--certificate-arn", "arn:aws:acm:us-east-1:123456789012:certificate/0a1b"), "--certificate-arn is "
                + "a certificate of us-east-1, but the stack is in eu-west-1: a load balancer takes a certificate of "
                + "its own region; request or import it in eu-west-1");
        assertRefused(deploy("cert2", "--app-source-bucket", "b-bucket", "--app-source-key", "a.zip",
                "--certificate-arn", "my-cert"), "--certificate-arn 'my-cert' is not an ACM certificate ARN");
        assertRefused(bluegreen("aws", "deploy", "--stack", "bucketname", "--bucket", "Not_A_Bucket"),
                "--bucket 'Not_A_Bucket' is not a valid S3 bucket name");
        Files.createDirectories(dir.resolve("elsewhere"));
        assertRefused(bluegreen("aws", "deploy", "--stack", "elsewhere", "--bucket", BUCKET, "--source",
                dir.resolve("elsewhere").toString(), "--app-source-bucket", "a-bucket", "--app-source-key", "k.zip"),
                "is not the bluegreen project");
        assertThat(keys(BUCKET, "bluegreen/").stream().filter(k -> k.matches("bluegreen/(nobucket|cidr|arn|owner|"
                + "branch|key|table|nosource|cert|cert2|bucketname|elsewhere)/.*")).toList()).isEmpty();
    }

    private static void putImage(String repository) {
        aws.ecr.putImage(b -> b.repositoryName(repository).imageTag("v1").imageManifest(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                        + "\"size\":1,\"digest\":\"sha256:" + "a".repeat(64) + "\"},\"layers\":[]}"));
    }

    private static void assertRefused(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.err()).contains(message).doesNotContain("\tat ");
    }
}
