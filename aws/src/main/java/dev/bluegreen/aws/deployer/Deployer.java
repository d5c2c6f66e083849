package dev.bluegreen.aws.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.routing.DeployPlanner;
import dev.bluegreen.core.routing.Routing;
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

    /** The CloudFormation parameters of the cluster stack for this build: Code1, Code2, ProductionIdentifier. */
    public Map<String, String> inputs(String newTag, String loadBalancerName) {
        Optional<Alb> alb = Alb.find(elb, loadBalancerName);
        Map<String, String> inputs = new LinkedHashMap<>();
        if (alb.isEmpty()) {
            // the first deployment: no load balancer yet, both sides get the new build (the seed's rule)
            inputs.put("Code1", newTag);
            inputs.put("Code2", newTag);
            inputs.put(PRODUCTION_IDENTIFIER, "Code1");
            return inputs;
        }
        Routing routing = alb.get().snapshot().routing();
        DeployPlanner.DeployPlan plan;
        try {
            plan = DeployPlanner.plan(routing, Alb.PAIR, newTag);
        } catch (DeployPlanner.NotDeployable e) {
            throw new AwsException("cannot deploy to load balancer '" + loadBalancerName + "': " + e.getMessage());
        }
        String production = routing.forwardsTo(Alb.PAIR.production()).orElseThrow();
        inputs.put("Code1", require(plan.imagesByIdentifier(), "Code1"));
        inputs.put("Code2", require(plan.imagesByIdentifier(), "Code2"));
        inputs.put(PRODUCTION_IDENTIFIER, routing.tags(production).identifier().orElseThrow());
        return inputs;
    }

    private static String require(Map<String, String> images, String identifier) {
        String image = images.get(identifier);
        if (image == null) {
            throw new AwsException("the target groups are tagged Identifier=" + String.join(" and ", images.keySet())
                    + "; the cluster stack needs Code1 and Code2");
        }
        return image;
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
            Map<String, String> inputs = new Deployer(elb).inputs(tag, options.get("--load-balancer"));
            Path out = Path.of(options.get("--out"));
            Files.writeString(out, JSON.writeValueAsString(inputs));
            System.out.println("build " + tag + " goes to " + newSide(inputs, tag) + "; production stays on "
                    + inputs.get(PRODUCTION_IDENTIFIER) + " (" + inputs.get(inputs.get(PRODUCTION_IDENTIFIER))
                    + "); wrote " + out);
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

    private static String newSide(Map<String, String> inputs, String tag) {
        String production = inputs.get(PRODUCTION_IDENTIFIER);
        String test = production.equals("Code1") ? "Code2" : "Code1";
        return inputs.get(production).equals(tag) && inputs.get(test).equals(tag) ? "both sides (first deployment)"
                : test;
    }
}
