package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.aws.stack.Polling;
import dev.bluegreen.aws.stack.StackDeployer;
import dev.bluegreen.aws.stack.Stacks;
import dev.bluegreen.aws.stack.Templates;
import dev.bluegreen.aws.stack.Uploader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** {@code bluegreen aws deploy}: the seed's {@code bin/deploy}, checked before it starts and followed to the end. */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create or update the stack on AWS (asks for what is missing).",
                "Uploads the templates, the functions jar and the platform's source, then creates or updates the "
                        + "main stack (network, table, repositories, pipeline). The pipeline's first run builds the "
                        + "images and creates the cluster stack (load balancer, blue and green services)."},
        footer = {"", "Examples:",
                "  bluegreen aws deploy --bucket my-templates \\",
                "      --github-owner me --github-repo movies-app --connection-arn \\",
                "      arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc",
                "  bluegreen aws deploy --bucket my-templates \\",
                "      --app-source-bucket my-app --app-source-key app.zip \\",
                "      --test-cidr 203.0.113.0/24 --approval-email me@example.com \\",
                "      --certificate-arn arn:aws:acm:eu-west-1:123456789012:certificate/0a1b",
                "  bluegreen aws deploy --bucket my-templates   again: updates, same source"})
public final class AwsDeployCommand implements Callable<Integer> {

    static final String FUNCTIONS_JAR = "/dev/bluegreen/cli/aws/bluegreen-aws-functions.jar";

    enum LaunchType { FARGATE, EC2 }

    @Mixin
    AwsOptions aws;

    @Option(names = "--bucket", paramLabel = "BUCKET",
            description = "S3 bucket for the templates and sources, in the stack's region (created if absent)")
    String bucket;

    @Mixin
    AppSourceOptions appSource;

    @Option(names = "--test-cidr", paramLabel = "CIDR",
            description = "who else may reach the test listener (8080, or 8443), e.g. your address/32; 'none' for "
                    + "nobody but the pipeline's own checks (the default)")
    String testCidr;

    @Option(names = "--certificate-arn", paramLabel = "ARN",
            description = "an ACM certificate in the stack's region: production on HTTPS (443; 80 redirects), the "
                    + "test listener on 8443; 'none' for HTTP only (the default)")
    String certificateArn;

    @Option(names = "--launch-type", paramLabel = "TYPE", description = "FARGATE or EC2 (default: the template's)")
    LaunchType launchType;

    @Option(names = "--table", paramLabel = "NAME",
            description = "the movies table's name (default: Movies); one kept by an earlier deployment of the stack "
                    + "is used again, movies included")
    String table;

    @Option(names = "--approval-email", paramLabel = "EMAIL",
            description = "who is e-mailed when a new version waits for approval")
    String approvalEmail;

    @Mixin
    BakeOptions bake;

    @Mixin
    ReleaseOptions release;

    @Mixin
    WebTaskOptions webTasks;

    @Option(names = "--source", paramLabel = "DIR", defaultValue = ".",
            description = "the bluegreen project's directory, packaged as platform.zip (default: the current one)")
    Path source;

    @Option(names = "--templates", paramLabel = "DIR",
            description = "deploy the CloudFormation templates of DIR instead of the built-in ones")
    Path templates;

    @Option(names = "--no-wait", description = "return once CloudFormation has started; do not follow the events")
    boolean noWait;

    private final Prompter prompter = new Prompter();

    @Override
    public Integer call() {
        String stack = aws.stack();
        validateGiven();
        Path root = PlatformSource.check(source);
        try (AwsClients clients = aws.clients()) {
            String region = AwsRegion.of(clients);
            if (certificateArn != null) {
                Inputs.certificateInRegion(certificateArn, region);
            }
            if (bucket == null) {
                bucket = prompter.ask("--bucket", "S3 bucket for templates and sources (in " + region + ")", null,
                        b -> Inputs.bucket("--bucket", b));
            }
            Templates toUpload = templates != null ? Templates.directory(templates) : Templates.builtIn();
            byte[] functionsJar = functionsJar();
            Optional<Stack> current = new Stacks(clients.cloudFormation()).find(stack);
            boolean exists = current.isPresent();
            Map<String, String> parameters = new LinkedHashMap<>();
            appSource.into(parameters, exists, prompter);
            new KeptResources(clients, stack).into(parameters, current, table);

            System.out.println("[1/3] packaging the platform's source from " + root);
            Path zip = PlatformSource.zip(root);
            System.out.println("[2/3] uploading to s3://" + bucket + "/" + MainStack.prefix(stack));
            Uploader uploader = new Uploader(clients.s3(), clients.accountId(), line -> System.out.println("      "
                    + line));
            Uploader.Uploaded up = uploader.upload(bucket, region, stack, toUpload, functionsJar, zip);

            parameters.put(MainStack.TEMPLATE_BUCKET, bucket);
            parameters.put(MainStack.TEMPLATE_PREFIX, up.prefix());
            parameters.put(MainStack.FUNCTIONS_KEY, up.functionsKey());
            parameters.put(MainStack.PLATFORM_SOURCE_KEY, up.platformSourceKey());
            parameters.put(MainStack.TEST_LISTENER_CIDR, testCidr == null ? null : Inputs.cidr(testCidr));
            parameters.put(MainStack.CERTIFICATE_ARN, certificateArn == null ? null
                    : Inputs.certificateArn(certificateArn));
            parameters.put(MainStack.LAUNCH_TYPE, launchType == null ? null : launchType.name());
            parameters.put(MainStack.APPROVAL_EMAIL, approvalEmail);
            bake.into(parameters);
            release.into(parameters);
            webTasks.into(parameters);

            System.out.println("[3/3] " + (exists ? "updating" : "creating") + " stack " + stack + " in " + region
                    + (noWait ? "" : "; its events follow"));
            StackDeployer.Result result = new StackDeployer(clients.cloudFormation(), Polling.DEFAULT)
                    .deploy(stack, up.templateUrl(), parameters, !noWait, e -> System.out.println("      " + e.line()));
            new DeployReport(clients, stack).print(result, noWait);
            if (exists && !noWait) {
                // the pipeline's sources are S3 objects with polling off: a new platform.zip alone starts nothing
                startPipeline(clients, result.outputs().getOrDefault(MainStack.PIPELINE_NAME, stack + "-pipeline"));
            }
        }
        return 0;
    }

    private static void startPipeline(AwsClients clients, String pipeline) {
        try {
            String execution = clients.codePipeline().startPipelineExecution(r -> r.name(pipeline))
                    .pipelineExecutionId();
            System.out.println("started pipeline " + pipeline + " (execution " + execution + "): it builds and "
                    + "deploys the uploaded source to the test side");
        } catch (SdkException e) {
            System.err.println("warning: could not start pipeline " + pipeline + " (" + e.getMessage() + "); "
                    + "start it in the CodePipeline console to deploy the uploaded source");
        }
    }

    /** Everything given is checked before anything is asked, packaged or sent. */
    private void validateGiven() {
        if (bucket != null) {
            Inputs.bucket("--bucket", bucket);
        }
        if (testCidr != null) {
            Inputs.cidr(testCidr);
        }
        if (certificateArn != null) {
            Inputs.certificateArn(certificateArn);
        }
        if (approvalEmail != null) {
            Inputs.email(approvalEmail);
        }
        if (table != null) {
            Inputs.table(table);
        }
        appSource.validate();
        bake.validate();
        release.validate();
        webTasks.validate();
    }

    private static byte[] functionsJar() {
        try (InputStream in = AwsDeployCommand.class.getResourceAsStream(FUNCTIONS_JAR)) {
            if (in == null) {
                throw new AwsException("this build of bluegreen has no functions jar (" + FUNCTIONS_JAR + "): "
                        + "rebuild it with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AwsException("cannot read the functions jar: " + e.getMessage(), e);
        }
    }
}
