package dev.bluegreen.aws.flip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.Split;
import dev.bluegreen.testing.MotoServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traffic shifting on a real ALB API (moto's server, which keeps a forward action's weights and stickiness as the ALB
 * does): the weighted forward written for each step, read back into the core's routing, and left again as a plain
 * forward by a rollback or a flip.
 */
class WeightedForwardTest {

    static final MotoServer moto = MotoServer.shared();
    static final Flipper.Request PIPELINE = new Flipper.Request("pipeline", "job-1");
    MotoAlb lb;
    Alb alb;

    @BeforeEach
    void loadBalancer() {
        lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2");
        alb = Alb.named(lb.elb, lb.name);
    }

    private Flipper flipper(Duration stickiness) {
        return AlbSwitch.flipper(alb, Capacity.AS_IS, stickiness);
    }

    @Test
    void a_shift_step_forwards_production_to_both_groups_by_weight_sticky_as_configured() {
        Outcome step = flipper(Duration.ofMinutes(5)).shift("v2", 10, PIPELINE);

        assertThat(step.message()).isEqualTo("shift: 10 % of production on " + lb.green + " (v2), 90 % on "
                + lb.blue + " (v1)");
        assertThat(lb.weights(80)).containsExactly(Map.entry(lb.blue, 90), Map.entry(lb.green, 10));
        assertThat(lb.stickiness(80)).isEqualTo(300);
        assertThat(lb.forwardsTo(8080)).as("the test listener stays").isEqualTo(lb.green);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");

        Alb.Snapshot read = alb.snapshot();
        assertThat(read.routing().forwardsTo("prod")).contains(lb.blue);
        assertThat(read.routing().split("prod")).contains(new Split(lb.green, 10));
        assertThat(read.routing().weights("prod")).containsExactly(Map.entry(lb.blue, 90), Map.entry(lb.green, 10));
    }

    @Test
    void without_stickiness_the_weighted_forward_is_not_sticky() {
        flipper(Duration.ZERO).shift("v2", 25, PIPELINE);

        assertThat(lb.weights(80)).containsExactly(Map.entry(lb.blue, 75), Map.entry(lb.green, 25));
        assertThat(lb.stickiness(80)).isZero();
    }

    @Test
    void the_side_tagged_production_stays_the_listeners_group_even_when_the_new_side_takes_more() {
        flipper(Duration.ZERO).shift("v2", 60, PIPELINE);

        assertThat(lb.weights(80)).containsExactly(Map.entry(lb.blue, 40), Map.entry(lb.green, 60));
        assertThat(alb.snapshot().routing().forwardsTo("prod")).contains(lb.blue);
        assertThat(alb.snapshot().routing().split("prod")).contains(new Split(lb.green, 60));
    }

    @Test
    void weights_set_by_someone_else_are_read_as_shares_of_a_hundred() {
        lb.forwardWeighted(80, lb.blue, 3, lb.green, 1);

        assertThat(alb.snapshot().routing().weights("prod")).containsExactly(Map.entry(lb.blue, 75),
                Map.entry(lb.green, 25));
    }

    @Test
    void a_rollback_mid_shift_sends_everything_back_with_a_plain_forward_to_the_old_group() {
        Flipper flipper = flipper(Duration.ofMinutes(5));
        flipper.shift("v2", 10, PIPELINE);

        Outcome back = flipper.rollback(Flipper.Request.by("operator"));

        assertThat(back.done()).as(back.message()).isTrue();
        assertThat(lb.plainForward(80)).as("one group, no weights").contains(lb.blue);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.green);
        assertThat(alb.snapshot().routing().split("prod")).isEmpty();
    }

    @Test
    void a_flip_mid_shift_leaves_a_plain_forward_to_the_promoted_group_never_one_group_twice() {
        Flipper flipper = flipper(Duration.ZERO);
        flipper.shift("v2", 30, PIPELINE);

        Outcome flip = flipper.flip(Flipper.Request.by("operator"));

        assertThat(flip.message()).isEqualTo("flip: production now on " + lb.green + " (v2), test on " + lb.blue
                + " (v1)");
        assertThat(lb.plainForward(80)).contains(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
    }

    @Test
    void the_last_step_promotes_and_leaves_a_plain_forward() {
        Flipper flipper = flipper(Duration.ZERO);
        flipper.shift("v2", 50, PIPELINE);

        Outcome done = flipper.promote("v2", PIPELINE);

        assertThat(done.message()).isEqualTo("flip: production now on " + lb.green + " (v2), test on " + lb.blue
                + " (v1)");
        assertThat(lb.plainForward(80)).contains(lb.green);
        assertThat(new AlbSwitch(alb).lastFlip()).as("the promotion is the flip a rollback undoes").isPresent();
    }

    @Test
    void a_listener_split_over_three_groups_is_no_blue_green_listener() {
        String third = lb.elb.createTargetGroup(r -> r.name(lb.name + "-red").protocol("HTTP").port(8080)
                .vpcId(lb.elb.describeTargetGroups(d -> d.names(lb.blue)).targetGroups().get(0).vpcId())
                .targetType("ip")).targetGroups().get(0).targetGroupArn();
        String listener = lb.elb.describeListeners(r -> r.loadBalancerArn(lb.arn)).listeners().stream()
                .filter(l -> l.port() == 80).findFirst().orElseThrow().listenerArn();
        lb.elb.modifyListener(r -> r.listenerArn(listener).defaultActions(a -> a.type("forward").forwardConfig(
                f -> f.targetGroups(t -> t.targetGroupArn(lb.groupArn(lb.blue)).weight(1),
                        t -> t.targetGroupArn(lb.groupArn(lb.green)).weight(1),
                        t -> t.targetGroupArn(third).weight(1)))));

        assertThatThrownBy(alb::snapshot).isInstanceOf(AwsException.class).hasMessage("listener 80 splits traffic "
                + "over 3 target groups; blue/green forwards to one, or to two while traffic shifts");
    }
}
