package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.cloudformation.BucketPoliciesBesideMoto;
import dev.bluegreen.aws.cloudformation.NestedStacksOnMoto;
import dev.bluegreen.aws.cloudformation.PipelineOnMoto;
import dev.bluegreen.aws.ecs.FakeEcs;
import dev.bluegreen.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients on moto for a test to look at what the CLI did, the environment that points the CLI there, and what
 * stands in for AWS where moto cannot: CloudFormation's nested stacks in front of moto ({@link NestedStacksOnMoto}),
 * S3 bucket policies beside it ({@link BucketPoliciesBesideMoto}), the pipeline's Discover and Deploy actions
 * ({@link PipelineOnMoto}) and ECS ({@link FakeEcs}, whose tasks start at once and register in moto's groups).
 */
final class MotoClients implements AutoCloseable {

    static final String REGION = "eu-west-1";

    final MotoServer moto;
    final S3Client s3;
    final CloudFormationClient cfn;
    final EcrClient ecr;
    final DynamoDbClient dynamo;
    final ElasticLoadBalancingV2Client elb;
    final AcmClient acm;
    final NestedStacksOnMoto stacks;
    final BucketPoliciesBesideMoto policies;
    final PipelineOnMoto pipeline;
    final FakeEcs ecs;

    MotoClients(MotoServer moto) {
        this.moto = moto;
        this.s3 = build(S3Client.builder().forcePathStyle(true));
        this.cfn = build(CloudFormationClient.builder());
        this.ecr = build(EcrClient.builder());
        this.dynamo = build(DynamoDbClient.builder());
        this.elb = build(ElasticLoadBalancingV2Client.builder());
        this.acm = build(AcmClient.builder());
        try {
            this.stacks = new NestedStacksOnMoto(moto, REGION);
            this.policies = new BucketPoliciesBesideMoto(moto);
            this.ecs = new FakeEcs(elb).startingAtOnce();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.pipeline = new PipelineOnMoto(stacks, moto, REGION, ecs);
    }

    /**
     * As a user of AWS tools would set it; the CLI's SDK clients read it. CodePipeline goes to {@code pipeline}:
     * moto does not implement the calls used; CloudFormation and S3 to the stand-ins in front of moto; ECS to
     * {@link FakeEcs}, where the cluster stack's services run.
     */
    Map<String, String> env(FakeCodePipeline pipeline) {
        return Map.of("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY,
                "AWS_REGION", REGION, "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_CODEPIPELINE", pipeline.endpoint().toString(),
                "AWS_ENDPOINT_URL_CLOUDFORMATION", stacks.endpoint().toString(),
                "AWS_ENDPOINT_URL_S3", policies.endpoint().toString(),
                "AWS_ENDPOINT_URL_ECS", ecs.endpoint().toString());
    }

    /** A certificate in moto's ACM (whose load balancers take only certificates it holds): its ARN. */
    String certificate(String domain) {
        return acm.requestCertificate(b -> b.domainName(domain)).certificateArn();
    }

    /** The stacks moto holds whose names start so, not deleted (the main stack, its nested stacks, the cluster). */
    java.util.List<String> liveStacks(String prefix) {
        return cfn.listStacks().stackSummaries().stream()
                .filter(s -> s.stackName().startsWith(prefix) && !s.stackStatusAsString().equals("DELETE_COMPLETE"))
                .map(s -> s.stackName()).sorted().toList();
    }

    private <B extends AwsClientBuilder<B, C>, C> C build(B builder) {
        builder.region(Region.of(REGION)).endpointOverride(moto.endpoint()).credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                        MotoServer.SECRET_KEY)));
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(UrlConnectionHttpClient.create());
        }
        return builder.build();
    }

    @Override
    public void close() {
        pipeline.close();
        ecs.close();
        policies.close();
        stacks.close();
        elb.close();
        acm.close();
        s3.close();
        cfn.close();
        ecr.close();
        dynamo.close();
    }
}
