package dev.bluegreen.aws.elb;

import dev.bluegreen.aws.AwsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * A listener's default forward action as blue/green sees it: the target groups it sends requests to, with their
 * weights. One group is a plain forward (the seed's); two are the ALB's weighted forward while traffic shifts
 * ({@code ForwardConfig.TargetGroups} with weights, optionally sticky with {@code TargetGroupStickinessConfig}).
 */
final class ForwardAction {

    /** The longest the ALB keeps a client on one target group of a weighted forward: 7 days. */
    static final Duration MAX_STICKINESS = Duration.ofDays(7);

    private ForwardAction() {
    }

    /**
     * The groups {@code listener}'s default action forwards to, by ARN, with their weights (a plain forward weighs
     * 1); empty when it forwards nowhere (a redirect). Groups of weight 0 take no request and are left out.
     *
     * @throws AwsException when it splits over more than two groups: that is no blue/green listener
     */
    static Optional<Map<String, Integer>> read(Listener listener) {
        for (Action action : listener.defaultActions()) {
            if (action.type() != ActionTypeEnum.FORWARD) {
                continue;
            }
            Map<String, Integer> weights = new LinkedHashMap<>();
            if (action.forwardConfig() != null && !action.forwardConfig().targetGroups().isEmpty()) {
                for (TargetGroupTuple group : action.forwardConfig().targetGroups()) {
                    int weight = group.weight() == null ? 1 : group.weight();
                    if (weight > 0) {
                        weights.merge(group.targetGroupArn(), weight, Integer::sum);
                    }
                }
            } else if (action.targetGroupArn() != null) {
                weights.put(action.targetGroupArn(), 1);
            }
            if (weights.size() > 2) {
                throw new AwsException("listener " + listener.port() + " splits traffic over " + weights.size()
                        + " target groups; blue/green forwards to one, or to two while traffic shifts");
            }
            if (!weights.isEmpty()) {
                return Optional.of(weights);
            }
        }
        return Optional.empty();
    }

    /** A plain forward to one group: what every listener is outside a shift. */
    static Action to(String groupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build();
    }

    /**
     * A weighted forward to two groups, percent by percent; sticky for {@code stickiness} (zero: not sticky).
     *
     * @throws IllegalArgumentException when the groups are not two different ones (the ALB refuses a forward that
     *                                  lists a group twice)
     */
    static Action weighted(Map<String, Integer> percentByGroupArn, Duration stickiness) {
        if (percentByGroupArn.size() != 2) {
            throw new IllegalArgumentException("a weighted forward splits over two different target groups, not "
                    + percentByGroupArn.keySet());
        }
        if (stickiness.isNegative() || stickiness.compareTo(MAX_STICKINESS) > 0) {
            throw new IllegalArgumentException("stickiness is 0 (off) to 7 days, not " + stickiness);
        }
        List<TargetGroupTuple> groups = percentByGroupArn.entrySet().stream().map(e -> TargetGroupTuple.builder()
                .targetGroupArn(e.getKey()).weight(e.getValue()).build()).toList();
        boolean sticky = !stickiness.isZero();
        return Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(f -> f.targetGroups(groups)
                .targetGroupStickinessConfig(s -> {
                    s.enabled(sticky);
                    if (sticky) {
                        s.durationSeconds((int) Math.max(1, stickiness.toSeconds()));
                    }
                })).build();
    }
}
