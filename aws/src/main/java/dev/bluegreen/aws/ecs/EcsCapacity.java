package dev.bluegreen.aws.ecs;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.TaskCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * The ECS services behind an ALB's target groups, as the core's {@link Capacity}: promotion at full size on AWS. A
 * target group names its service's cluster in its {@link #CLUSTER_TAG} tag (cluster.yaml sets it); the service that
 * feeds the group is the one of that cluster whose load balancers name the group, as ECS itself records it. A side is
 * scaled by its service's desired count (UpdateService); its tasks are ready when that many of the group's targets
 * are healthy (DescribeTargetHealth), which ECS registers as they start.
 */
public final class EcsCapacity implements Capacity {

    /** The target group tag naming the ECS cluster of the service that feeds the group. */
    public static final String CLUSTER_TAG = "bluegreen:ecs-cluster";
    /** How often the groups' health is read while a scale-up is awaited. */
    static final Duration POLL = Duration.ofSeconds(5);

    /** A group's service, as found once: its cluster and ARN. */
    private record Feed(String cluster, String service) {
    }

    private final Alb alb;
    /** The groups as read once: their ARNs and cluster tags do not change while a flip waits. */
    private final Alb.Snapshot groups;
    private final EcsClient ecs;
    private final Duration wait;
    private final Clock clock;
    private final Pause pause;
    private final Consumer<String> progress;
    private final Map<String, Feed> feeds = new HashMap<>();

    /**
     * @param wait     how long a scale-up waits for its tasks to be healthy (0: it looks once)
     * @param progress takes a sentence on each scale and wait, for a person watching
     */
    private EcsCapacity(Alb alb, Alb.Snapshot groups, EcsClient ecs, Duration wait, Clock clock, Pause pause,
                        Consumer<String> progress) {
        this.alb = alb;
        this.groups = groups;
        this.ecs = ecs;
        this.wait = wait;
        this.clock = clock;
        this.pause = pause;
        this.progress = progress;
    }

    /**
     * The capacity of this load balancer's sides; {@link Capacity#AS_IS} when its target groups do not name an ECS
     * cluster (a load balancer that cluster.yaml did not make, or made before sides had sizes): sides are then
     * promoted as they are.
     */
    public static Capacity of(Alb alb, EcsClient ecs, Duration wait, Clock clock, Pause pause,
                              Consumer<String> progress) {
        return find(alb, ecs, wait, clock, pause, progress).map(Capacity.class::cast).orElse(Capacity.AS_IS);
    }

    /** The same, empty when the target groups name no ECS cluster. */
    public static Optional<EcsCapacity> find(Alb alb, EcsClient ecs, Duration wait, Clock clock, Pause pause,
                                             Consumer<String> progress) {
        Alb.Snapshot snapshot = alb.snapshot();
        boolean tagged = snapshot.routing().groups().values().stream()
                .anyMatch(tags -> tags.get(CLUSTER_TAG).isPresent());
        return tagged ? Optional.of(new EcsCapacity(alb, snapshot, ecs, wait, clock, pause, progress))
                : Optional.empty();
    }

    @Override
    public int desiredTasks(String group) {
        return service(group).desiredCount();
    }

    @Override
    public Scaled scaleUp(String group, int count, String actor) {
        Service service = service(group);
        int before = service.desiredCount();
        if (before < count) {
            setDesired(group, service, count, "before production moves to " + group);
        }
        return new Scaled(count, awaitHealthy(group, count), before);
    }

    @Override
    public void restore(String group, int count, String actor) {
        Service service = service(group);
        if (service.desiredCount() > count) {
            setDesired(group, service, count, "as it was: production did not move to " + group);
        }
    }

    /** After the bake: the side production left at the idle count, never up. */
    public Outcome idle(String group, TaskCounts counts) {
        Service service = service(group);
        int idle = counts.afterBake(service.desiredCount());
        if (idle == service.desiredCount()) {
            return Outcome.done(service.serviceName() + " idles at " + idle + " task(s)");
        }
        setDesired(group, service, idle, "idle now that production left " + group);
        return Outcome.done(service.serviceName() + " scaled from " + service.desiredCount() + " to " + idle
                + " task(s), idle now that production left " + group);
    }

    /** How many of the group's targets are healthy now. */
    public int healthyTasks(String group) {
        return (int) alb.health(groups, group).stream()
                .filter(t -> t.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
    }

    private void setDesired(String group, Service service, int count, String why) {
        Feed feed = feeds.get(group);
        ecs.updateService(r -> r.cluster(feed.cluster()).service(feed.service()).desiredCount(count));
        progress.accept("scaled " + service.serviceName() + " from " + service.desiredCount() + " to " + count
                + " task(s), " + why);
    }

    /** The healthy targets once {@code count} are, or the wait ran out. */
    private int awaitHealthy(String group, int count) {
        Instant deadline = clock.instant().plus(wait);
        int healthy = healthyTasks(group);
        if (healthy < count && !wait.isZero()) {
            progress.accept(group + " has " + healthy + " of " + count + " healthy task(s); waiting up to "
                    + wait.toMinutes() + " min for the rest");
        }
        while (healthy < count && clock.instant().isBefore(deadline)) {
            try {
                Duration left = Duration.between(clock.instant(), deadline);
                pause.sleep(left.compareTo(POLL) < 0 ? left : POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            healthy = healthyTasks(group);
        }
        return healthy;
    }

    /** The service feeding {@code group}, read afresh (its desired count changes); found once per group. */
    private Service service(String group) {
        Feed feed = feeds.get(group);
        if (feed == null) {
            feed = find(group);
            feeds.put(group, feed);
        }
        Feed known = feed;
        return ecs.describeServices(r -> r.cluster(known.cluster()).services(known.service())).services().stream()
                .findFirst().orElseThrow(() -> new AwsException("ECS service " + known.service() + " is gone"));
    }

    private Feed find(String group) {
        TargetGroup target = groups.group(group).orElseThrow(() -> new AwsException("target group '" + group
                + "' is not attached to load balancer '" + alb.name() + "'"));
        Optional<String> cluster = groups.routing().tags(group).get(CLUSTER_TAG);
        if (cluster.isEmpty()) {
            throw new AwsException("target group '" + group + "' has no " + CLUSTER_TAG + " tag: which ECS service "
                    + "feeds it is not known");
        }
        List<String> arns = ecs.listServicesPaginator(r -> r.cluster(cluster.get())).serviceArns().stream().toList();
        for (int i = 0; i < arns.size(); i += 10) { // DescribeServices takes at most 10
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 10));
            for (Service service : ecs.describeServices(r -> r.cluster(cluster.get()).services(batch)).services()) {
                if (service.loadBalancers().stream().anyMatch(lb -> target.targetGroupArn()
                        .equals(lb.targetGroupArn()))) {
                    return new Feed(cluster.get(), service.serviceArn());
                }
            }
        }
        throw new AwsException("no service of ECS cluster " + cluster.get() + " feeds target group '" + group
                + "'; nothing scaled, nothing flipped");
    }
}
