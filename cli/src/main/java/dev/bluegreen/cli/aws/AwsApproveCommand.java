package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.release.Approval;
import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.aws.stack.Stacks;
import dev.bluegreen.cli.Answers;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve the build that waits for review in the stack's pipeline.",
        footer = {"", "--strategy releases this build otherwise than the app's release.yml or the stack's",
                "--release-strategy: the approval's comment carries a line 'strategy: SPEC', which the Flip reads",
                "(an approver in the console may write the same line). An invalid SPEC is refused here; one written",
                "in the console fails the Flip, production untouched."})
public final class AwsApproveCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--strategy", paramLabel = "SPEC",
            description = "all-at-once, canary:PERCENT%:INTERVAL or linear:PERCENT%:INTERVAL (e.g. canary:10%:5m)")
    String strategy;

    @Option(names = "--comment", paramLabel = "TEXT", description = "the approval's comment")
    String comment;

    @Override
    public Integer call() {
        String stack = aws.stack();
        Optional<ReleaseStrategy> chosen = Optional.ofNullable(strategy).map(s -> ReleaseOptions.parse("--strategy", s));
        try {
            Approval.comment(chosen, comment);
        } catch (IllegalArgumentException e) {
            throw new UserError("--comment: " + e.getMessage());
        }
        try (AwsClients clients = aws.clients()) {
            String pipeline = new Stacks(clients.cloudFormation()).find(stack).map(Stacks::outputs)
                    .map(outputs -> outputs.get(MainStack.PIPELINE_NAME)).orElse(stack + "-pipeline");
            return Answers.report(new Approval(clients.codePipeline()).approve(pipeline, chosen, comment,
                    Answers.operator()));
        }
    }
}
