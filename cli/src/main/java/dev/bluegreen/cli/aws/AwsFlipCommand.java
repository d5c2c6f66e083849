package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.core.routing.Flipper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "flip", mixinStandardHelpOptions = true,
        description = "Swap production and test on the ALB (refused if test is unhealthy).",
        footer = {"", "What the pipeline's Flip action does after approval, for operators. The test side is first",
                "scaled to production's task count and must be healthy at it (waits up to 10 minutes; refused and",
                "scaled back otherwise). Finishes a flip that was interrupted halfway instead of reversing it.",
                "'bluegreen aws rollback' flips back."})
public final class AwsFlipCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Mixin
    LoadBalancerOption loadBalancer;

    @Override
    public Integer call() {
        try (AwsClients clients = aws.clients()) {
            Flipper flipper = FullSizeFlipper.of(clients, loadBalancer.resolve(aws));
            return Answers.report(flipper.flip(Flipper.Request.by(Answers.operator())));
        }
    }
}
