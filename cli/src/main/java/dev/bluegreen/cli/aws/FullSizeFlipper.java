package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.routing.Flipper;
import java.time.Clock;
import java.time.Duration;

/**
 * The flipper of {@code aws flip} and {@code aws rollback}: promotion at full size, as the pipeline's Flip does it.
 * Before production moves to a side, its ECS service is scaled to what production runs, and the command waits (at most
 * {@link #WAIT}, saying so on standard error) for that many healthy targets; a side that does not get there is refused
 * and scaled back.
 */
final class FullSizeFlipper {

    /** As long as the pipeline's Flip waits in all. */
    static final Duration WAIT = Duration.ofMinutes(10);

    private FullSizeFlipper() {
    }

    static Flipper of(AwsClients clients, String loadBalancer) {
        Alb alb = Alb.named(clients.elb(), loadBalancer);
        return AlbSwitch.flipper(alb, EcsCapacity.of(alb, clients.ecs(), WAIT, Clock.systemUTC(), Pause.SLEEP,
                System.err::println));
    }
}
