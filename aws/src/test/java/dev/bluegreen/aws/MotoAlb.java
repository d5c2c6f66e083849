package dev.bluegreen.aws;

import dev.bluegreen.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * The seed's load balancer, built in moto's server with real SDK calls: an ALB with a production listener (80)
 * and a test listener (8080), and two target groups tagged Identifier/IsProduction/Image, each with a registered
 * (healthy) target.
 */
public final class MotoAlb {

    public static final String REGION = "eu-west-1";
    private static final AtomicInteger NEXT = new AtomicInteger();

    public final ElasticLoadBalancingV2Client elb;
    public final String name;
    public final String blue;
    public final String green;
    public final String arn;
    private final Map<String, String> groupArns;

    private MotoAlb(ElasticLoadBalancingV2Client elb, String name, String arn, Map<String, String> groupArns) {
        this.elb = elb;
        this.name = name;
        this.arn = arn;
        this.blue = name + "-blue";
        this.green = name + "-green";
        this.groupArns = groupArns;
    }

    public static ElasticLoadBalancingV2Client elb(MotoServer moto) {
        return ElasticLoadBalancingV2Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(REGION)).endpointOverride(moto.endpoint()).credentialsProvider(credentials())
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                MotoServer.SECRET_KEY));
    }

    /** A new load balancer with a unique name; both sides run {@code image}. */
    public static MotoAlb create(MotoServer moto, String image) {
        return create(moto, image, "movies" + NEXT.incrementAndGet());
    }

    /** A load balancer of that name, with target groups {@code <name>-blue} and {@code <name>-green}. */
    public static MotoAlb create(MotoServer moto, String image, String name) {
        List<String> subnets;
        String vpc;
        try (Ec2Client ec2 = Ec2Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(REGION)).endpointOverride(moto.endpoint()).credentialsProvider(credentials())
                .build()) {
            vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            subnets = List.of(
                    ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone(REGION + "a"))
                            .subnet().subnetId(),
                    ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone(REGION + "b"))
                            .subnet().subnetId());
        }
        ElasticLoadBalancingV2Client elb = elb(moto);
        String lbArn = elb.createLoadBalancer(r -> r.name(name).subnets(subnets)).loadBalancers().get(0)
                .loadBalancerArn();
        String blueArn = group(elb, vpc, name + "-blue", "Code1", true, image);
        String greenArn = group(elb, vpc, name + "-green", "Code2", false, image);
        listener(elb, lbArn, 80, blueArn);
        listener(elb, lbArn, 8080, greenArn);
        MotoAlb alb = new MotoAlb(elb, name, lbArn, Map.of(name + "-blue", blueArn, name + "-green", greenArn));
        alb.register(alb.blue);
        alb.register(alb.green);
        return alb;
    }

    private static String group(ElasticLoadBalancingV2Client elb, String vpc, String name, String identifier,
                                boolean production, String image) {
        return elb.createTargetGroup(r -> r.name(name).protocol("HTTP").port(8080).vpcId(vpc).targetType("ip")
                .tags(newTag("Identifier", identifier), newTag("IsProduction", Boolean.toString(production)),
                        newTag("Image", image)))
                .targetGroups().get(0).targetGroupArn();
    }

    private static void listener(ElasticLoadBalancingV2Client elb, String lbArn, int port, String groupArn) {
        elb.createListener(r -> r.loadBalancerArn(lbArn).protocol("HTTP").port(port).defaultActions(
                Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build()));
    }

    private static Tag newTag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    public String groupArn(String group) {
        return groupArns.get(group);
    }

    public void register(String group) {
        elb.registerTargets(r -> r.targetGroupArn(groupArn(group))
                .targets(TargetDescription.builder().id("10.0.1." + (10 + groupArns.size())).port(8080).build()));
    }

    /** Takes every target out of a group: it has no healthy target any more. */
    public void empty(String group) {
        List<TargetDescription> targets = elb.describeTargetHealth(r -> r.targetGroupArn(groupArn(group)))
                .targetHealthDescriptions().stream().map(d -> d.target()).toList();
        elb.deregisterTargets(r -> r.targetGroupArn(groupArn(group)).targets(targets));
    }

    public void setTag(String group, String key, String value) {
        elb.addTags(r -> r.resourceArns(groupArn(group)).tags(newTag(key, value)));
    }

    public String tag(String group, String key) {
        return elb.describeTags(r -> r.resourceArns(groupArn(group))).tagDescriptions().get(0).tags().stream()
                .filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    /** The target group name a listener's default action forwards to. */
    public String forwardsTo(int port) {
        Listener listener = listener(port);
        String target = listener.defaultActions().get(0).targetGroupArn();
        return groupArns.entrySet().stream().filter(e -> e.getValue().equals(target)).map(Map.Entry::getKey)
                .findFirst().orElse(target);
    }

    /** A weighted forward's groups with their weights, as the ALB holds them; empty for a plain forward. */
    public Map<String, Integer> weights(int port) {
        Action action = listener(port).defaultActions().get(0);
        Map<String, Integer> weights = new java.util.LinkedHashMap<>();
        if (action.forwardConfig() != null && action.targetGroupArn() == null) {
            action.forwardConfig().targetGroups().forEach(t -> weights.put(name(t.targetGroupArn()), t.weight()));
        }
        return weights;
    }

    /** The one group a plain forward (no weights) sends to; empty for a weighted forward. */
    public java.util.Optional<String> plainForward(int port) {
        Action action = listener(port).defaultActions().get(0);
        return java.util.Optional.ofNullable(action.targetGroupArn()).map(this::name);
    }

    /** A weighted forward's stickiness: its duration in seconds, 0 when off, null for a plain forward. */
    public Integer stickiness(int port) {
        Action action = listener(port).defaultActions().get(0);
        if (action.forwardConfig() == null || action.forwardConfig().targetGroupStickinessConfig() == null) {
            return null;
        }
        var sticky = action.forwardConfig().targetGroupStickinessConfig();
        return Boolean.TRUE.equals(sticky.enabled()) ? sticky.durationSeconds() : 0;
    }

    /** Splits a listener's requests behind bluegreen's back: a weighted forward, weights as given, not sticky. */
    public void forwardWeighted(int port, String group, int weight, String other, int otherWeight) {
        elb.modifyListener(r -> r.listenerArn(listener(port).listenerArn()).defaultActions(Action.builder()
                .type(ActionTypeEnum.FORWARD).forwardConfig(f -> f.targetGroups(
                        t -> t.targetGroupArn(groupArn(group)).weight(weight),
                        t -> t.targetGroupArn(groupArn(other)).weight(otherWeight))).build()));
    }

    private String name(String groupArn) {
        return groupArns.entrySet().stream().filter(e -> e.getValue().equals(groupArn)).map(Map.Entry::getKey)
                .findFirst().orElse(groupArn);
    }

    /** Points a listener elsewhere behind bluegreen's back, as a crash halfway through a flip would leave it. */
    public void forward(int port, String group) {
        elb.modifyListener(r -> r.listenerArn(listener(port).listenerArn()).defaultActions(Action.builder()
                .type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn(group)).build()));
    }

    private Listener listener(int port) {
        return elb.describeListeners(r -> r.loadBalancerArn(arn)).listeners().stream().filter(l -> l.port() == port)
                .findFirst().orElseThrow();
    }
}
