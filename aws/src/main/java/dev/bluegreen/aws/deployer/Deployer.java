package dev.bluegreen.aws.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.routing.DeployPlanner;
import dev.bluegreen.core.routing.TaskCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The pipeline's Discover step: the seed's {@code deployer.py} in Java. Reads the new build's tags from
 * {@code build.json} (the Build action's output artifact, handed to this step as its input, so it is always this
 * execution's build — the seed looked the build up in the pipeline's state, which a newer execution can change),
 * reads the live routing from the load balancer, and writes the Deploy action's {@link TemplateConfiguration}: the
 * image for each Identifier by the core's Code1/Code2 rule, which Identifier is in production (so that the cluster
 * stack update keeps the live side exactly where it is), the API's image, and the pipeline stack's own parameters.
 *
 * <p>It also writes the test side's task count (production's, so that an approval moves production at once) and,
 * with {@code --release-out}, the app's release strategy from its checkout ({@code --app-source}; {@link AppRelease}).
 *
 * <p>{@code java -jar bluegreen-aws-functions.jar --build-json build.json --load-balancer NAME
 * [--parameters JSON] [--app-source DIR --release-out FILE] --out cluster-config.json}
 */
public final class Deployer {

    static final String PRODUCTION_IDENTIFIER = "ProductionIdentifier";
    static final String API_TAG = "ApiTag";
    static final String PRODUCTION_WEB_TASKS = "ProductionWebTasks";
    static final String TEST_WEB_TASKS = "TestWebTasks";
    /** The web services' autoscaling ceiling in cluster.yaml, and TestWebTasks' largest value. */
    static final int MAX_WEB_TASKS = 4;
    private static final String IMAGE_TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ElasticLoadBalancingV2Client elb;
    /** Where production's live task count is read; null: the pipeline stack's ProductionWebTasks is taken. */
    private final EcsClient ecs;

    public Deployer(ElasticLoadBalancingV2Client elb) {
        this(elb, null);
    }

    public Deployer(ElasticLoadBalancingV2Client elb, EcsClient ecs) {
        this.elb = elb;
        this.ecs = ecs;
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
     * core's rule on the live load balancer, Code1, Code2, ProductionIdentifier, the API's image, and the test side's
     * task count.
     */
    public Map<String, String> clusterParameters(Build build, String loadBalancerName, Map<String, String> fixed) {
        DeployPlanner.DeployPlan plan = plan(build.tag(), loadBalancerName);
        return clusterParameters(plan, build, fixed, productionRuns(plan, loadBalancerName));
    }

    static Map<String, String> clusterParameters(DeployPlanner.DeployPlan plan, Build build,
                                                 Map<String, String> fixed, OptionalInt productionRuns) {
        Map<String, String> decided = inputs(plan);
        decided.put(API_TAG, build.apiTag());
        testWebTasks(fixed, productionRuns).ifPresent(n -> decided.put(TEST_WEB_TASKS, Integer.toString(n)));
        return TemplateConfiguration.parameters(fixed, decided);
    }

    /**
     * The test side's tasks: what production runs (its service's desired count, or ProductionWebTasks if more), so
     * that an approval moves production at once (the local pipeline deploys at production's count too). The bake
     * idles the side production left. Empty when neither is known: the template's default.
     */
    static OptionalInt testWebTasks(Map<String, String> fixed, OptionalInt productionRuns) {
        String configured = fixed.get(PRODUCTION_WEB_TASKS);
        int wanted = Math.max(productionRuns.orElse(0), configured != null && configured.matches("\\d{1,2}")
                ? Integer.parseInt(configured) : 0);
        return wanted == 0 ? OptionalInt.empty()
                : OptionalInt.of(Math.min(MAX_WEB_TASKS, TaskCounts.forDeploy(wanted)));
    }

    /** What production's service runs now; empty on a first deployment, without ECS, or when it cannot be read. */
    private OptionalInt productionRuns(DeployPlanner.DeployPlan plan, String loadBalancerName) {
        Optional<Alb> alb = Alb.find(elb, loadBalancerName);
        if (ecs == null || plan.firstDeployment() || alb.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            Optional<String> production = alb.get().snapshot().routing().forwardsTo(Alb.PAIR.production());
            Optional<EcsCapacity> capacity = EcsCapacity.find(alb.get(), ecs, Duration.ZERO, Clock.systemUTC(),
                    Pause.SLEEP, line -> { });
            return production.isPresent() && capacity.isPresent()
                    ? OptionalInt.of(capacity.get().desiredTasks(production.get())) : OptionalInt.empty();
        } catch (AwsException | SdkException unreadable) {
            System.err.println("production's task count cannot be read (" + unreadable.getMessage() + "); the test "
                    + "side gets ProductionWebTasks");
            return OptionalInt.empty();
        }
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

    /** The app's release.yml as the Discover step reads it: see {@link AppRelease}'s seam. */
    static final AppRelease RELEASE_FILE = AppRelease.APP_CONFIG;

    /** The step itself, on clients made for it: writes the template configuration and the app's strategy. */
    static int run(Map<String, String> options, Deployer deployer, AppRelease release) throws IOException {
        Build build = readBuild(Path.of(options.get("--build-json")));
        Map<String, String> fixed = TemplateConfiguration.fixed(options.getOrDefault("--parameters", "{}"));
        String loadBalancer = options.get("--load-balancer");
        DeployPlanner.DeployPlan plan = deployer.plan(build.tag(), loadBalancer);
        Map<String, String> parameters = clusterParameters(plan, build, fixed,
                deployer.productionRuns(plan, loadBalancer));
        String strategy = release.saying(System.out::println)
                .spec(Optional.ofNullable(options.get("--app-source")).map(Path::of));
        Path out = Path.of(options.get("--out"));
        Files.writeString(out, TemplateConfiguration.write(parameters));
        if (options.containsKey("--release-out")) {
            Files.writeString(Path.of(options.get("--release-out")), strategy);
        }
        System.out.println("build " + build.tag() + " goes to " + plan.newBuildSide()
                + Optional.ofNullable(parameters.get(TEST_WEB_TASKS)).map(n -> " at " + n + " task(s)").orElse("")
                + "; production stays on " + plan.productionIdentifier() + " ("
                + plan.image(plan.productionIdentifier()) + "); the app's release strategy: " + strategy + "; wrote "
                + out);
        return 0;
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
                .httpClient(UrlConnectionHttpClient.create()).build();
             EcsClient ecs = EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            return run(options, new Deployer(elb, ecs), RELEASE_FILE);
        } catch (AwsException | AppConfigException e) {
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
