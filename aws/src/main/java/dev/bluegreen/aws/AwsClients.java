package dev.bluegreen.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Makes the SDK clients, all alike: the JDK's HTTP transport (one, shared), the region given or the SDK's default
 * chain ({@code AWS_REGION}, profile), credentials from the default chain, and endpoints from
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} when set (how tests point them at moto).
 * Clients are made on first use and closed together. For the CLI: the functions jar (Lambda, deployer) leaves
 * most of these SDK modules out, so code that runs there builds its own clients.
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private ElasticLoadBalancingV2Client elb;
    private CodePipelineClient codePipeline;
    private CloudFormationClient cloudFormation;
    private S3Client s3;
    private EcsClient ecs;
    private EcrClient ecr;
    private CloudWatchLogsClient logs;
    private DynamoDbClient dynamo;
    private String accountId;

    /** @param region e.g. {@code eu-west-1}; null for the SDK's default chain */
    public AwsClients(String region) {
        this.region = region == null || region.isBlank() ? null : Region.of(region);
    }

    /** The region in use: the one given, else the one the SDK's default chain resolved. */
    public String region() {
        return region != null ? region.id() : elb().serviceClientConfiguration().region().id();
    }

    public synchronized ElasticLoadBalancingV2Client elb() {
        return elb != null ? elb : (elb = build(ElasticLoadBalancingV2Client::builder));
    }

    public synchronized CodePipelineClient codePipeline() {
        return codePipeline != null ? codePipeline : (codePipeline = build(CodePipelineClient::builder));
    }

    public synchronized CloudFormationClient cloudFormation() {
        return cloudFormation != null ? cloudFormation : (cloudFormation = build(CloudFormationClient::builder));
    }

    public synchronized S3Client s3() {
        // path-style: works with every bucket name and with moto
        return s3 != null ? s3 : (s3 = build(() -> S3Client.builder().forcePathStyle(true)));
    }

    public synchronized EcsClient ecs() {
        return ecs != null ? ecs : (ecs = build(EcsClient::builder));
    }

    public synchronized EcrClient ecr() {
        return ecr != null ? ecr : (ecr = build(EcrClient::builder));
    }

    public synchronized CloudWatchLogsClient logs() {
        return logs != null ? logs : (logs = build(CloudWatchLogsClient::builder));
    }

    public synchronized DynamoDbClient dynamo() {
        return dynamo != null ? dynamo : (dynamo = build(DynamoDbClient::builder));
    }

    /**
     * The account these credentials act in. Read as the ECR registry's id, which is the account's: this program
     * talks to ECR anyway, and leaves STS out of its dependencies.
     */
    public synchronized String accountId() {
        if (accountId == null) {
            try {
                accountId = ecr().describeRegistry(r -> { }).registryId();
            } catch (SdkException e) {
                throw dev.bluegreen.aws.stack.SdkErrors.explain("finding the account of these credentials (ECR "
                        + "DescribeRegistry)", e);
            }
        }
        return accountId;
    }

    private <B extends AwsClientBuilder<B, C>, C> C build(Supplier<B> builder) {
        B b = builder.get();
        if (region != null) {
            b.region(region);
        }
        if (b instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return b.build();
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : new AutoCloseable[] {elb, codePipeline, cloudFormation, s3, ecs, ecr, logs, dynamo}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception ignored) {
                    // closing is best effort: nothing is lost if a client's connections linger
                }
            }
        }
        http.close();
    }
}
