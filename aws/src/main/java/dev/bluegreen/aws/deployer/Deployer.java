package dev.bluegreen.aws.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.routing.DeployPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The pipeline's Discover step: the seed's {@code deployer.py} in Java. Reads the new build's tags from
 * {@code build.json} (the Build action's output artifact, handed to this step as its input, so it is always this
 * execution's build — the seed looked the build up in the pipeline's state, which a newer execution can change),
 * reads the live routing from the load balancer, and writes the Deploy action's {@link TemplateConfiguration}: the
 * image for each Identifier by the core's Code1/Code2 rule, which Identifier is in production (so that the cluster
 * stack update keeps the live side exactly where it is), the API's image, and the pipeline stack's own parameters.
 *
 * <p>{@code java -jar bluegreen-aws-functions.jar --build-json build.json --load-balancer NAME
 * [--parameters JSON] --out cluster-config.json}
 */
public final class Deployer {

    static final String PRODUCTION_IDENTIFIER = "ProductionIdentifier";
    static final String API_TAG = "ApiTag";
    private static final String IMAGE_TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ElasticLoadBalancingV2Client elb;

    public Deployer(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    /** Where this build goes, by the core's rule applied to the live load balancer (or to none, the first time). */
    public DeployPlanner.DeployPlan plan(String newTag, String loadBalancerName) {
        Optional<Alb> alb = Alb.find(elb, loadBalancerName);
        if (alb.isEmpty()) {
            return DeployPlanner.firstDeployment(newTag);
        }
        try {
            return DeployPlanner.plan(alb.get().snapshot().routing(), Alb.PAIR, newTag);
        } catch (DeployPlanner.NotDeployable e) {
            throw new AwsException("cannot deploy to load balancer '" + loadBalancerName + "': " + e.getMessage());
        }
    }

    /** The CloudFormation parameters of the cluster stack for this build: Code1, Code2, ProductionIdentifier. */
    public Map<String, String> inputs(String newTag, String loadBalancerName) {
        return inputs(plan(newTag, loadBalancerName));
    }

    static Map<String, String> inputs(DeployPlanner.DeployPlan plan) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("Code1", plan.image("Code1"));
        inputs.put("Code2", plan.image("Code2"));
        inputs.put(PRODUCTION_IDENTIFIER, plan.productionIdentifier());
        return inputs;
    }

    /**
     * Every parameter of the cluster stack for this build: the pipeline stack's {@code fixed} ones and, by the
     * core's rule on the live load balancer, Code1, Code2, ProductionIdentifier, and the API's image.
     */
    public Map<String, String> clusterParameters(Build build, String loadBalancerName, Map<String, String> fixed) {
        return clusterParameters(plan(build.tag(), loadBalancerName), build, fixed);
    }

    static Map<String, String> clusterParameters(DeployPlanner.DeployPlan plan, Build build,
                                                 Map<String, String> fixed) {
        Map<String, String> decided = inputs(plan);
        decided.put(API_TAG, build.apiTag());
        return TemplateConfiguration.parameters(fixed, decided);
    }

    /** The Build action's images: {@code {"tag": "<web>", "apiTag": "<api>"}}. */
    public record Build(String tag, String apiTag) {
    }

    /** The new build's image tags, as the Build action writes them in {@code build.json}. */
    static Build readBuild(Path buildJson) {
        JsonNode build;
        try {
            build = JSON.readTree(Files.readString(buildJson));
        } catch (NoSuchFileException e) {
            throw new AwsException(buildJson + " does not exist; the Build action writes it as its output artifact");
        } catch (IOException e) {
            throw new AwsException(buildJson + " is not JSON: " + e.getMessage());
        }
        return new Build(tag(buildJson, build, "tag"), tag(buildJson, build, "apiTag"));
    }

    private static String tag(Path buildJson, JsonNode build, String field) {
        String tag = build == null ? "" : build.path(field).asText("");
        if (!tag.matches(IMAGE_TAG)) {
            throw new AwsException(buildJson + " has no usable \"" + field + "\" (an image tag: letters, digits, '_', "
                    + "'.', '-', at most 128): " + build);
        }
        return tag;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        Map<String, String> options;
        try {
            options = DeployerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(DeployerOptions.USAGE);
            return 2;
        }
        try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            Build build = readBuild(Path.of(options.get("--build-json")));
            Map<String, String> fixed = TemplateConfiguration.fixed(options.getOrDefault("--parameters", "{}"));
            DeployPlanner.DeployPlan plan = new Deployer(elb).plan(build.tag(), options.get("--load-balancer"));
            Path out = Path.of(options.get("--out"));
            Files.writeString(out, TemplateConfiguration.write(clusterParameters(plan, build, fixed)));
            System.out.println("build " + build.tag() + " goes to " + plan.newBuildSide() + "; production stays on "
                    + plan.productionIdentifier() + " (" + plan.image(plan.productionIdentifier()) + "); wrote " + out);
            return 0;
        } catch (AwsException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            System.err.println("error: an AWS call failed: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("error: cannot write " + options.get("--out") + ": " + e.getMessage());
            return 1;
        }
    }
}
