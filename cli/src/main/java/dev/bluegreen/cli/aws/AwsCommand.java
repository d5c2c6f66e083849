package dev.bluegreen.cli.aws;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bluegreen aws ...}: the same blue/green system on ECS, ALB, DynamoDB and CodePipeline. */
@Command(name = "aws", mixinStandardHelpOptions = true,
        description = "Deploy and operate the system on AWS (ECS, ALB, CodePipeline).",
        subcommands = {AwsDeployCommand.class, AwsStatusCommand.class, AwsApproveCommand.class,
                AwsFlipCommand.class, AwsRollbackCommand.class, AwsLogsCommand.class, AwsLoadCommand.class,
                AwsDestroyCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Credentials and region come from the AWS SDK's default chain",
                "(environment, profile); AWS_ENDPOINT_URL points every call elsewhere",
                "(e.g. a test server)."})
public final class AwsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
