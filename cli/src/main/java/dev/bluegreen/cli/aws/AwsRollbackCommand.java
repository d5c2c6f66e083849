package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.core.routing.Flipper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Put the previous production side back on the ALB.",
        footer = {"", "Refused once a newer build has replaced the previous version on the test side."})
public final class AwsRollbackCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Mixin
    LoadBalancerOption loadBalancer;

    @Override
    public Integer call() {
        try (AwsClients clients = aws.clients()) {
            Flipper flipper = AlbSwitch.flipper(Alb.named(clients.elb(), loadBalancer.resolve(aws)));
            return Answers.report(flipper.rollback(Flipper.Request.by(Answers.operator())));
        }
    }
}
