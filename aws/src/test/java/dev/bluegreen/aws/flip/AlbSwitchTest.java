package dev.bluegreen.aws.flip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.routing.FlipNotFinished;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.testing.MotoServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;

/**
 * Flips and rollbacks of a real ALB API (moto's server) through the core's flipper, as the Lambda and
 * `bluegreen aws flip` do them.
 */
class AlbSwitchTest {

    /** One server for the module's tests: each test makes its own load balancer, uniquely named. */
    static final MotoServer moto = MotoServer.shared();
    static final Flipper.Request OPERATOR = Flipper.Request.by("operator");
    MotoAlb lb;
    Flipper flipper;

    @BeforeEach
    void loadBalancer() {
        lb = MotoAlb.create(moto, "v1");
        flipper = AlbSwitch.flipper(Alb.named(lb.elb, lb.name));
    }

    @Test
    void a_flip_swaps_the_listeners_and_the_is_production_tags() {
        Outcome outcome = flipper.flip(OPERATOR);

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("false");
        assertThat(outcome.details()).containsEntry("changed", true);
        assertThat(outcome.message()).isEqualTo("flip: production now on " + lb.green + " (v1), test on "
                + lb.blue + " (v1)");

        flipper.flip(OPERATOR);
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
    }

    @Test
    void a_flip_to_a_side_with_no_healthy_target_is_refused_and_changes_nothing() {
        lb.empty(lb.green);

        Outcome refused = flipper.flip(OPERATOR);

        assertThat(refused.done()).isFalse();
        assertThat(refused.message()).isEqualTo("target group '" + lb.green + "' has no healthy target; production "
                + "stays on '" + lb.blue + "'");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.green);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
    }

    @Test
    void a_flip_interrupted_between_the_listeners_is_finished_not_reversed() {
        // a crash after the production listener moved: both listeners on green, the tags untouched
        lb.forward(80, lb.green);

        Outcome outcome = flipper.flip(OPERATOR);

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("false");
        assertThat(outcome.details()).containsEntry("prod", lb.green);
    }

    @Test
    void a_flip_interrupted_before_the_tags_only_fixes_the_tags() {
        lb.forward(80, lb.green);
        lb.forward(8080, lb.blue);

        Outcome outcome = flipper.flip(OPERATOR);

        assertThat(lb.forwardsTo(80)).as("production stays where it already is").isEqualTo(lb.green);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("false");
        assertThat(outcome.details()).containsEntry("changed", true);
    }

    @Test
    void the_same_request_delivered_twice_flips_once() {
        flipper.flip(new Flipper.Request("pipeline", "job-1"));
        Outcome again = flipper.flip(new Flipper.Request("pipeline", "job-1"));

        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(again.details()).containsEntry("changed", false);
        assertThat(again.message()).startsWith("flip: nothing to do, production is already on " + lb.green);

        flipper.flip(new Flipper.Request("pipeline", "job-2"));
        assertThat(lb.forwardsTo(80)).as("a new request flips").isEqualTo(lb.blue);
    }

    @Test
    void rollback_undoes_the_last_flip_while_the_old_version_still_runs() {
        lb.setTag(lb.green, "Image", "v2");
        flipper.flip(OPERATOR);
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);

        Outcome back = flipper.rollback(OPERATOR);

        assertThat(back.message()).isEqualTo("rollback: production now on " + lb.blue + " (v1), test on "
                + lb.green + " (v2)");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("true");
    }

    @Test
    void rollback_is_refused_without_a_flip_or_once_the_old_version_is_replaced() {
        assertThat(flipper.rollback(OPERATOR).message()).isEqualTo("there is no earlier flip to roll back");

        lb.setTag(lb.green, "Image", "v2");
        flipper.flip(OPERATOR);
        lb.setTag(lb.blue, "Image", "v3"); // the next build replaced the old version on the test side

        Outcome refused = flipper.rollback(OPERATOR);
        assertThat(refused.done()).isFalse();
        assertThat(refused.message()).isEqualTo("the test side '" + lb.blue + "' now runs v3, not v1, which "
                + "production ran before the last flip");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
    }

    @Test
    void a_call_failing_halfway_is_retried_once_so_the_listeners_are_not_left_on_one_group() {
        AtomicInteger modifies = new AtomicInteger();
        Alb flaky = Alb.named(failing(modifies, 2), lb.name);

        Outcome outcome = AlbSwitch.flipper(flaky).flip(OPERATOR);

        assertThat(modifies).as("listener changes tried: prod, test (failed), test again").hasValue(3);
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.green, "IsProduction")).isEqualTo("true");
        assertThat(outcome.message()).startsWith("flip: production now on " + lb.green);
    }

    @Test
    void a_flip_that_cannot_finish_says_so_and_the_next_flip_finishes_it() {
        AtomicInteger modifies = new AtomicInteger();
        Alb broken = Alb.named(failing(modifies, 2, 3), lb.name);

        assertThatThrownBy(() -> AlbSwitch.flipper(broken).flip(OPERATOR)).isInstanceOf(FlipNotFinished.class)
                .hasMessage("flip did not finish: connection reset (injected); run it again: it finishes what is "
                        + "missing");
        assertThat(lb.forwardsTo(80)).as("production already moved").isEqualTo(lb.green);

        flipper.flip(OPERATOR);
        assertThat(lb.forwardsTo(80)).as("finished, not reversed").isEqualTo(lb.green);
        assertThat(lb.forwardsTo(8080)).isEqualTo(lb.blue);
        assertThat(lb.tag(lb.blue, "IsProduction")).isEqualTo("false");
    }

    /** A real client to moto whose listed ModifyListener calls (1-based) fail before they are sent. */
    private static ElasticLoadBalancingV2Client failing(AtomicInteger modifies, Integer... failingCalls) {
        List<Integer> failing = List.of(failingCalls);
        return ElasticLoadBalancingV2Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(MotoAlb.REGION)).endpointOverride(moto.endpoint())
                .credentialsProvider(MotoAlb.credentials())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof ModifyListenerRequest
                                && failing.contains(modifies.incrementAndGet())) {
                            throw SdkClientException.create("connection reset (injected)");
                        }
                    }
                })).build();
    }
}
