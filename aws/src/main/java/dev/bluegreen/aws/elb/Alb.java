package dev.bluegreen.aws.elb;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Change;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * One Application Load Balancer seen as the core sees a load balancer: the production and test listeners (found
 * by port, as the seed did: 443 or 80, and 8443 or 8080) and the tags of its target groups, which the core names
 * by target group name. Carries out the core's changes on the listeners' default actions and the groups' tags.
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

        Map<String, String> forwards = new LinkedHashMap<>();
        named.forEach((name, listener) -> forwardTarget(listener).ifPresent(arn -> {
            TargetGroup group = byArn.get(arn);
            if (group == null) {
                throw new AwsException("listener " + listener.port() + " forwards to target group " + arn
                        + ", which is not attached to load balancer '" + name() + "'");
            }
            forwards.put(name, group.targetGroupName());
        }));
        Map<String, Tags> tags = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : tagsOf(byArn.keySet()).entrySet()) {
            tags.put(byArn.get(e.getKey()).targetGroupName(), new Tags(e.getValue()));
        }
        return new Snapshot(new Routing(forwards, tags), named, groups);
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

    /** Carries out one step of a core decision. */
    public void apply(Snapshot snapshot, Change change) {
        if (change instanceof Change.ForwardListener forward) {
            Listener listener = snapshot.listeners().get(forward.listener());
            if (listener == null) {
                throw new AwsException("load balancer '" + name() + "' has no " + forward.listener() + " listener");
            }
            String groupArn = snapshot.requireGroup(forward.group()).targetGroupArn();
            // the default action, not a rule: the seed's design, and what moto handles faithfully
            elb.modifyListener(r -> r.listenerArn(listener.listenerArn()).defaultActions(Action.builder()
                    .type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build()));
        } else if (change instanceof Change.SetTag tag) {
            String groupArn = snapshot.requireGroup(tag.group()).targetGroupArn();
            elb.addTags(r -> r.resourceArns(groupArn).tags(Tag.builder().key(tag.key()).value(tag.value()).build()));
        }
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
                    .filter(l -> forwardTarget(l).isPresent()).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The one target group a listener's default action forwards to; weighted forwards are not blue/green here. */
    static Optional<String> forwardTarget(Listener listener) {
        for (Action action : listener.defaultActions()) {
            if (action.type() != ActionTypeEnum.FORWARD) {
                continue;
            }
            if (action.targetGroupArn() != null) {
                return Optional.of(action.targetGroupArn());
            }
            if (action.forwardConfig() != null) {
                List<String> weighted = action.forwardConfig().targetGroups().stream()
                        .filter(t -> t.weight() == null || t.weight() > 0).map(TargetGroupTuple::targetGroupArn)
                        .toList();
                if (weighted.size() == 1) {
                    return Optional.of(weighted.get(0));
                }
                throw new AwsException("listener " + listener.port() + " splits traffic over " + weighted.size()
                        + " target groups; a blue/green flip needs it to forward to one");
            }
        }
        return Optional.empty();
    }
}
