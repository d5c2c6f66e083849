package dev.bluegreen.aws.elb;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Change;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Split;
import dev.bluegreen.core.routing.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * One Application Load Balancer seen as the core sees a load balancer: the production and test listeners (found
 * by port, as the seed did: 443 or 80, and 8443 or 8080) and the tags of its target groups, which the core names
 * by target group name, with the share a listener's weighted forward sends to a second group while traffic shifts.
 * Carries out the core's changes on the listeners' default actions and the groups' tags.
 */
public final class Alb {

    /** The listeners as the core names them; on AWS they are found by port. */
    public static final BlueGreenPair PAIR = BlueGreenPair.STANDARD;

    private static final List<Integer> PRODUCTION_PORTS = List.of(443, 80);
    private static final List<Integer> TEST_PORTS = List.of(8443, 8080);

    private final ElasticLoadBalancingV2Client elb;
    private final LoadBalancer loadBalancer;

    private Alb(ElasticLoadBalancingV2Client elb, LoadBalancer loadBalancer) {
        this.elb = elb;
        this.loadBalancer = loadBalancer;
    }

    /** The load balancer of that name, or empty when there is none (yet: before the first deployment). */
    public static Optional<Alb> find(ElasticLoadBalancingV2Client elb, String name) {
        try {
            return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().stream().findFirst()
                    .map(lb -> new Alb(elb, lb));
        } catch (LoadBalancerNotFoundException notThere) {
            return Optional.empty();
        }
    }

    public static Alb named(ElasticLoadBalancingV2Client elb, String name) {
        return find(elb, name).orElseThrow(() -> new AwsException("there is no load balancer named '" + name
                + "' in this account and region; is the stack deployed, and is the region right?"));
    }

    public String name() {
        return loadBalancer.loadBalancerName();
    }

    public String arn() {
        return loadBalancer.loadBalancerArn();
    }

    public String dnsName() {
        return loadBalancer.dnsName();
    }

    /** What is live now: read fresh from AWS every time, since anyone may have changed it. */
    public Snapshot snapshot() {
        List<Listener> listeners = elb.describeListeners(r -> r.loadBalancerArn(arn())).listeners();
        List<TargetGroup> groups = elb.describeTargetGroups(r -> r.loadBalancerArn(arn())).targetGroups();
        Map<String, TargetGroup> byArn = groups.stream()
                .collect(Collectors.toMap(TargetGroup::targetGroupArn, g -> g, (a, b) -> a, LinkedHashMap::new));
        Map<String, Listener> named = new LinkedHashMap<>();
        pick(listeners, PRODUCTION_PORTS).ifPresent(l -> named.put(PAIR.production(), l));
        pick(listeners, TEST_PORTS).ifPresent(l -> named.put(PAIR.test(), l));

        Map<String, Tags> tags = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : tagsOf(byArn.keySet()).entrySet()) {
            tags.put(byArn.get(e.getKey()).targetGroupName(), new Tags(e.getValue()));
        }
        Map<String, String> forwards = new LinkedHashMap<>();
        Map<String, Split> splits = new LinkedHashMap<>();
        named.forEach((name, listener) -> ForwardAction.read(listener).ifPresent(byGroupArn -> {
            Map<String, Integer> weights = new LinkedHashMap<>();
            byGroupArn.forEach((arn, weight) -> {
                TargetGroup group = byArn.get(arn);
                if (group == null) {
                    throw new AwsException("listener " + listener.port() + " forwards to target group " + arn
                            + ", which is not attached to load balancer '" + name() + "'");
                }
                weights.put(group.targetGroupName(), weight);
            });
            String own = listenersGroup(weights, tags);
            forwards.put(name, own);
            weights.keySet().stream().filter(g -> !g.equals(own)).findFirst()
                    .ifPresent(other -> splits.put(name, new Split(other, percent(weights, other))));
        }));
        return new Snapshot(new Routing(forwards, tags, splits), named, groups);
    }

    /**
     * Of a weighted forward's two groups, the one the listener forwards to: the group tagged IsProduction (a shift
     * sends a share of production to the other side, even more than half of it), else the heavier one.
     */
    private static String listenersGroup(Map<String, Integer> weights, Map<String, Tags> tags) {
        List<String> production = weights.keySet().stream()
                .filter(g -> tags.getOrDefault(g, new Tags(Map.of())).isProduction()).toList();
        if (production.size() == 1) {
            return production.get(0);
        }
        return weights.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a).orElseThrow()
                .getKey();
    }

    /** The share of requests {@code group} takes, 1 to 99 %: it takes some, and the other group some. */
    private static int percent(Map<String, Integer> weights, String group) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        long percent = Math.round(weights.get(group) * 100.0 / total);
        return (int) Math.max(1, Math.min(99, percent));
    }

    /** The listeners and groups behind a routing value, to act on and to describe. */
    public record Snapshot(Routing routing, Map<String, Listener> listeners, List<TargetGroup> groups) {

        public Snapshot {
            listeners = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(listeners));
            groups = List.copyOf(groups);
        }

        public Optional<TargetGroup> group(String name) {
            return groups.stream().filter(g -> g.targetGroupName().equals(name)).findFirst();
        }

        TargetGroup requireGroup(String name) {
            return group(name).orElseThrow(() -> new AwsException("target group '" + name + "' is not attached to "
                    + "the load balancer"));
        }
    }

    public boolean hasHealthyTarget(Snapshot snapshot, String group) {
        return health(snapshot, group).stream()
                .anyMatch(t -> t.targetHealth().state() == TargetHealthStateEnum.HEALTHY);
    }

    public List<TargetHealthDescription> health(Snapshot snapshot, String group) {
        String arn = snapshot.requireGroup(group).targetGroupArn();
        return elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions();
    }

    /**
     * Carries out one step of a core decision. A listener's step writes its whole default action as {@code after}
     * (the routing with this step applied) has it: a plain forward to one group, or a weighted forward to two while
     * traffic shifts, sticky for {@code stickiness} (zero: not sticky). A flip during a shift thus leaves a plain
     * forward to the promoted group, never a forward that lists one group twice.
     */
    public void apply(Snapshot snapshot, Change change, Routing after, Duration stickiness) {
        if (change instanceof Change.ForwardListener forward) {
            writeListener(snapshot, forward.listener(), after, stickiness);
        } else if (change instanceof Change.SplitListener split) {
            writeListener(snapshot, split.listener(), after, stickiness);
        } else if (change instanceof Change.SetTag tag) {
            String groupArn = snapshot.requireGroup(tag.group()).targetGroupArn();
            elb.addTags(r -> r.resourceArns(groupArn).tags(Tag.builder().key(tag.key()).value(tag.value()).build()));
        }
    }

    private void writeListener(Snapshot snapshot, String name, Routing after, Duration stickiness) {
        Listener listener = snapshot.listeners().get(name);
        if (listener == null) {
            throw new AwsException("load balancer '" + name() + "' has no " + name + " listener");
        }
        Map<String, Integer> percentByArn = new LinkedHashMap<>();
        after.weights(name).forEach((group, percent) -> percentByArn.put(snapshot.requireGroup(group)
                .targetGroupArn(), percent));
        if (percentByArn.isEmpty()) {
            throw new AwsException("the " + name + " listener would forward nowhere");
        }
        // the default action, not a rule: the seed's design, and what moto handles faithfully
        Action action = percentByArn.size() == 1 ? ForwardAction.to(percentByArn.keySet().iterator().next())
                : ForwardAction.weighted(percentByArn, stickiness);
        elb.modifyListener(r -> r.listenerArn(listener.listenerArn()).defaultActions(action));
    }

    /** The load balancer's own tags: where the AWS runtime keeps its memory of the last flip. */
    public Map<String, String> tags() {
        return tagsOf(List.of(arn())).getOrDefault(arn(), Map.of());
    }

    public void tag(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        elb.addTags(r -> r.resourceArns(arn()).tags(list));
    }

    private Map<String, Map<String, String>> tagsOf(java.util.Collection<String> arns) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(arns);
        for (int i = 0; i < all.size(); i += 20) { // DescribeTags takes at most 20 resources
            List<String> batch = all.subList(i, Math.min(all.size(), i + 20));
            for (TagDescription d : elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions()) {
                Map<String, String> values = new LinkedHashMap<>();
                d.tags().forEach(t -> values.put(t.key(), t.value()));
                result.put(d.resourceArn(), values);
            }
        }
        return result;
    }

    private static Optional<Listener> pick(List<Listener> listeners, List<Integer> ports) {
        for (int port : ports) {
            Optional<Listener> found = listeners.stream().filter(l -> l.port() == port)
                    .filter(l -> ForwardAction.read(l).isPresent()).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
