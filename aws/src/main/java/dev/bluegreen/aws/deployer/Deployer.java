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
 * The pipeline's Discover step: the seed's {@code deployer.py} in Java. Reads the new build's tag from
 * {@code build.json} (the Build action's output artifact, handed to this step as its input, so it is always this
 * execution's build — the seed looked the build up in the pipeline's state, which a newer execution can change),
 * reads the live routing from the load balancer, and writes {@code cf_inputs.json}: the image for each Identifier by
 * the core's Code1/Code2 rule, and which Identifier is in production, so that the cluster stack update keeps the
 * live side exactly where it is.
 *
 * <p>{@code java -jar bluegreen-aws-functions.jar --build-json build.json --load-balancer NAME --out cf_inputs.json}
 */
public final class Deployer {

    static final String PRODUCTION_IDENTIFIER = "ProductionIdentifier";
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

    /** The new build's image tag: {@code {"tag": "..."}}, as the Build action writes it. */
    static String readTag(Path buildJson) {
        JsonNode build;
        try {
            build = JSON.readTree(Files.readString(buildJson));
        } catch (NoSuchFileException e) {
            throw new AwsException(buildJson + " does not exist; the Build action writes it as its output artifact");
        } catch (IOException e) {
            throw new AwsException(buildJson + " is not JSON: " + e.getMessage());
        }
        String tag = build == null ? "" : build.path("tag").asText("");
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new AwsException(buildJson + " has no usable \"tag\" (an image tag: letters, digits, '_', '.', "
                    + "'-', at most 128): " + build);
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
            String tag = readTag(Path.of(options.get("--build-json")));
            DeployPlanner.DeployPlan plan = new Deployer(elb).plan(tag, options.get("--load-balancer"));
            Path out = Path.of(options.get("--out"));
            Files.writeString(out, JSON.writeValueAsString(inputs(plan)));
            System.out.println("build " + tag + " goes to " + plan.newBuildSide() + "; production stays on "
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
