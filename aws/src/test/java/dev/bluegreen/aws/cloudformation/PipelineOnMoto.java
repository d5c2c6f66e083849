package dev.bluegreen.aws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.deployer.Deployer;
import dev.bluegreen.aws.deployer.TemplateConfiguration;
import dev.bluegreen.aws.ecs.FakeEcs;
import dev.bluegreen.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the pipeline's Discover and Deploy actions do with a build, run on moto (which has no CodePipeline to run
 * them): the Java deployer reads the live load balancer and, given the Discover project's {@code CLUSTER_PARAMETERS}
 * as {@code pipeline.yaml} makes it (evaluated against the pipeline stack moto holds), writes the template
 * configuration; then the cluster stack {@code <stack>-cluster} is created from {@code cluster.yaml} as the Deploy
 * action takes it, from the uploaded {@code platform.zip}, with that file's parameters (checked against
 * cluster.yaml's constraints), or updated when it exists (the action's CREATE_UPDATE). Then what moto's
 * CloudFormation leaves undone ({@link MotoWorkarounds#AFTER_CREATE}): the target groups' tags as the template gives
 * them, and the services' tasks: with a {@link FakeEcs}, the services run there at the template's counts, their tasks
 * registered in their groups; without, a registered target in each group that has none.
 */
public final class PipelineOnMoto implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NestedStacksOnMoto stacks;
    private final String region;
    private final CloudFormationClient cfn;
    private final S3Client s3;
    private final ElasticLoadBalancingV2Client elb;
    /** The Discover step's ECS client (production's live count), on the fake; null without one. */
    private final EcsClient ecsClient;
    /** ECS as the flips see it, or null: the cluster stack's web services run there, their tasks targets of moto's. */
    private final FakeEcs ecs;
    /** Cluster stack → logical id → physical id, as moto reported them after the create (see afterCreateOrUpdate). */
    private final Map<String, Map<String, String>> created = new HashMap<>();

    /**
     * @param ecs where the cluster stack's services run (moto's ECS keeps no load balancer and runs no task), or
     *            null
     */
    public PipelineOnMoto(NestedStacksOnMoto stacks, MotoServer moto, String region, FakeEcs ecs) {
        this.stacks = stacks;
        this.ecs = ecs;
        this.region = region;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        this.cfn = CloudFormationClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.elb = ElasticLoadBalancingV2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.ecsClient = ecs == null ? null : EcsClient.builder().endpointOverride(ecs.endpoint())
                .region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * Discover and Deploy for a build of the web image {@code webTag} and the API image {@code apiTag}.
     *
     * @return the cluster stack's parameters, as the Deploy action passed them
     */
    public Map<String, String> deploy(String stack, String webTag, String apiTag) {
        String pipelineStack = stacks.nestedStack(stack, "PipelineStack");
        Stack pipeline = cfn.describeStacks(b -> b.stackName(pipelineStack)).stacks().get(0);
        Map<String, String> values = new HashMap<>(Intrinsics.pseudo(pipelineStack, region));
        pipeline.parameters().forEach(p -> values.put(p.parameterKey(), p.parameterValue()));
        Map<String, String> physical = new HashMap<>();
        for (StackResource r : cfn.describeStackResources(b -> b.stackName(pipelineStack)).stackResources()) {
            if (r.logicalResourceId() != null) {
                physical.put(r.logicalResourceId(), r.physicalResourceId());
            }
        }
        CfnTemplate template = CfnTemplate.shipped("pipeline");
        JsonNode deploy = action(template, "Deploy").path("Configuration");
        JsonNode discoverEnvironment = template.at("/Resources/DiscoverProject/Properties/Environment"
                + "/EnvironmentVariables");
        Intrinsics intrinsics = new Intrinsics(values, template.root().get("Conditions"), id -> {
            if (!physical.containsKey(id)) {
                throw new IllegalStateException("moto holds no resource " + id + " in " + pipelineStack);
            }
            return physical.get(id);
        }, (id, attribute) -> {
            throw new IllegalStateException("GetAtt " + id + "." + attribute + " is not modelled");
        });

        String fixed = null;
        for (JsonNode variable : discoverEnvironment) {
            if (variable.path("Name").asText().equals("CLUSTER_PARAMETERS")) {
                fixed = intrinsics.eval(variable.get("Value")).asText();
            }
        }
        Map<String, String> parameters = new Deployer(elb, ecsClient).clusterParameters(new Deployer.Build(webTag, apiTag),
                stack + "-alb", TemplateConfiguration.fixed(fixed));
        String configuration = deploy.path("TemplateConfiguration").asText();
        if (!configuration.equals("DiscoverOutput::cluster-config.json")) {
            throw new IllegalStateException("the Deploy action takes its parameters from " + configuration
                    + ", which the harness does not make");
        }
        parameters = parameters(TemplateConfiguration.write(parameters));

        String templatePath = deploy.path("TemplatePath").asText();
        CfnTemplate cluster = CfnTemplate.decode("cluster.yaml", fromPlatformZip(values,
                templatePath.substring(templatePath.indexOf("::") + 2)));
        List<String> violations = cluster.violations(cluster.withDefaults(parameters));
        if (!violations.isEmpty()) {
            throw new CfnTemplate.Refused("the Deploy action's parameters break cluster.yaml's constraints: "
                    + violations);
        }
        String clusterStack = intrinsics.eval(deploy.get("StackName")).asText();
        createOrUpdate(clusterStack, cluster, parameters);
        afterCreateOrUpdate(clusterStack, cluster, parameters);
        return parameters;
    }

    /** The physical id of a resource of a cluster stack this deployed, e.g. ("shop", "TargetGroup1"). */
    public String clusterResource(String stack, String logicalId) {
        String id = created.getOrDefault(stack + "-cluster", Map.of()).get(logicalId);
        if (id == null) {
            throw new IllegalStateException("no " + logicalId + " in " + stack + "-cluster (deployed: "
                    + created.keySet() + ")");
        }
        return id;
    }

    /** What the CloudFormation action's CREATE_UPDATE mode does: create the stack, or update it when it exists. */
    private void createOrUpdate(String stack, CfnTemplate template, Map<String, String> parameters) {
        List<Parameter> list = new ArrayList<>();
        parameters.forEach((k, v) -> list.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        String body = MotoWorkarounds.apply(template.name(), template.text());
        boolean exists;
        try {
            exists = cfn.describeStacks(b -> b.stackName(stack)).stacks().stream()
                    .anyMatch(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE"));
        } catch (CloudFormationException e) {
            exists = false;
        }
        if (!exists) {
            created.remove(stack);
        }
        if (exists) {
            try {
                cfn.updateStack(b -> b.stackName(stack).parameters(list).capabilities(Capability.knownValues())
                        .templateBody(body));
            } catch (CloudFormationException e) {
                if (!String.valueOf(e.awsErrorDetails().errorMessage()).contains("No updates")) {
                    throw e;
                }
            }
        } else {
            cfn.createStack(b -> b.stackName(stack).parameters(list).capabilities(Capability.knownValues())
                    .templateBody(body));
        }
        String status = cfn.describeStacks(b -> b.stackName(stack)).stacks().get(0).stackStatusAsString();
        if (!status.equals("CREATE_COMPLETE") && !status.equals("UPDATE_COMPLETE")) {
            throw new IllegalStateException("moto left " + stack + " " + status);
        }
    }

    /** The parameters of a template configuration file, as the CloudFormation action reads them. */
    private static Map<String, String> parameters(String file) {
        Map<String, String> parameters = new LinkedHashMap<>();
        try {
            JSON.readTree(file).path("Parameters").properties().forEach(e -> parameters.put(e.getKey(),
                    e.getValue().asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("the template configuration is not JSON: " + file, e);
        }
        return parameters;
    }

    private byte[] fromPlatformZip(Map<String, String> pipelineParameters, String path) {
        byte[] zip = s3.getObjectAsBytes(b -> b.bucket(pipelineParameters.get("TemplateBucket"))
                .key(pipelineParameters.get("PlatformSourceKey"))).asByteArray();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(path)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("platform.zip has no " + path + ": the Deploy action would fail");
    }

    private void afterCreateOrUpdate(String clusterStack, CfnTemplate cluster, Map<String, String> parameters) {
        Map<String, String> values = new HashMap<>(Intrinsics.pseudo(clusterStack, region));
        values.putAll(cluster.withDefaults(parameters));
        // after an update, moto's DescribeStackResources loses the entry of a target group whose tags changed:
        // the ids are those it gave at the create
        Map<String, String> physical = created.computeIfAbsent(clusterStack, k -> {
            Map<String, String> ids = new HashMap<>();
            cfn.describeStackResources(b -> b.stackName(clusterStack)).stackResources().forEach(r -> {
                if (r.logicalResourceId() != null) {
                    ids.put(r.logicalResourceId(), r.physicalResourceId());
                }
            });
            return ids;
        });
        Intrinsics intrinsics = new Intrinsics(values, cluster.root().get("Conditions"),
                id -> physical.getOrDefault(id, id), (id, attribute) -> id + "." + attribute);
        if (ecs != null) {
            runServices(cluster, intrinsics, physical);
        }
        int target = 10;
        for (String group : cluster.resourcesOfType("AWS::ElasticLoadBalancingV2::TargetGroup")) {
            String ip = "10.0.10." + target++;
            List<Tag> tags = new ArrayList<>();
            intrinsics.eval(cluster.resources().get(group).at("/Properties/Tags")).forEach(t -> tags.add(
                    Tag.builder().key(t.get("Key").asText()).value(t.get("Value").asText()).build()));
            String arn = physical.get(group);
            elb.addTags(b -> b.resourceArns(arn).tags(tags));
            if (ecs == null && elb.describeTargetHealth(b -> b.targetGroupArn(arn)).targetHealthDescriptions()
                    .isEmpty()) {
                elb.registerTargets(b -> b.targetGroupArn(arn).targets(TargetDescription.builder()
                        .id(ip).port(8080).build()));
            }
        }
    }

    /**
     * The cluster stack's ECS services as ECS would run them after this create or update: each in its cluster, at the
     * DesiredCount the template gives it, feeding the target group its LoadBalancers name (moto's services keep
     * neither), its tasks registered there.
     */
    private void runServices(CfnTemplate cluster, Intrinsics intrinsics, Map<String, String> physical) {
        for (String id : cluster.resourcesOfType("AWS::ECS::Service")) {
            JsonNode properties = cluster.resources().get(id).get("Properties");
            String service = physical.get(id);
            JsonNode balancers = properties.path("LoadBalancers");
            String group = balancers.isArray() && !balancers.isEmpty()
                    ? intrinsics.eval(balancers.get(0).get("TargetGroupArn")).asText() : null;
            ecs.service(intrinsics.eval(properties.get("Cluster")).asText(),
                    service.substring(service.lastIndexOf('/') + 1), group,
                    intrinsics.eval(properties.get("DesiredCount")).asInt());
        }
    }

    private static JsonNode action(CfnTemplate pipeline, String name) {
        for (JsonNode stage : pipeline.at("/Resources/Pipeline/Properties/Stages")) {
            for (JsonNode action : stage.get("Actions")) {
                if (action.get("Name").asText().equals(name)) {
                    return action;
                }
            }
        }
        throw new IllegalStateException("pipeline.yaml has no action " + name);
    }

    @Override
    public void close() {
        cfn.close();
        s3.close();
        elb.close();
        if (ecsClient != null) {
            ecsClient.close();
        }
    }
}
