package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.core.routing.Flipper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Put the previous production side back on the ALB.",
        footer = {"", "Refused once a newer build has replaced the previous version on the test side. The previous",
                "side is first scaled back up to production's task count (the bake idled it), as for a flip."})
public final class AwsRollbackCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Mixin
    LoadBalancerOption loadBalancer;

    @Override
    public Integer call() {
        try (AwsClients clients = aws.clients()) {
            Flipper flipper = FullSizeFlipper.of(clients, loadBalancer.resolve(aws));
            return Answers.report(flipper.rollback(Flipper.Request.by(Answers.operator())));
        }
    }
}
