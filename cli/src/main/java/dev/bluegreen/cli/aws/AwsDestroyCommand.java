package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.stack.Polling;
import dev.bluegreen.aws.stack.StackDestroyer;
import dev.bluegreen.cli.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bluegreen aws destroy}: the cluster stack, then the main stack; with --all the data and images too. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Delete the stacks; with --all the table and images too.",
                "Deletes the cluster stack, empties the artifact bucket, then deletes the main stack. The movies "
                        + "table and the ECR repositories are kept unless --all is given. The template bucket is "
                        + "left as it is."},
        footer = {"", "Examples:",
                "  bluegreen aws destroy                    asks before deleting",
                "  bluegreen aws destroy --all --yes        everything, table and images included, no question"})
public final class AwsDestroyCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--all", description = "also delete the movies table and the ECR repositories with their images")
    boolean all;

    @Option(names = "--yes", description = "do not ask for confirmation (required when not run in a terminal)")
    boolean yes;

    @Override
    public Integer call() {
        String stack = aws.stack();
        try (AwsClients clients = aws.clients()) {
            StackDestroyer destroyer = new StackDestroyer(clients.cloudFormation(), clients.s3(), clients.ecr(),
                    clients.dynamo(), clients.accountId(), Polling.DEFAULT);
            StackDestroyer.Plan plan = destroyer.plan(stack, all);
            if (plan.mainStack().isEmpty()) {
                System.out.println("stack " + stack + " does not exist in " + AwsRegion.of(clients)
                        + " (deleted already, or never deployed there)");
            }
            if (plan.nothingToDo()) {
                System.out.println("nothing to delete");
                return 0;
            }
            System.out.println("to delete:");
            plan.clusterStack().ifPresent(s -> System.out.println("  stack " + s + " (load balancer, services)"));
            plan.mainStack().ifPresent(s -> System.out.println("  stack " + s + (plan.artifactBucket() == null ? ""
                    : " (after emptying its artifact bucket " + plan.artifactBucket() + ")")));
            plan.repositories().forEach(r -> System.out.println("  ECR repository " + r + " and all its images"));
            plan.tables().forEach(t -> System.out.println("  DynamoDB table " + t + " and all its movies"));
            if (!all && plan.mainStack().isPresent()) {
                System.out.println("kept: the movies table and the ECR repositories (--all deletes them too; the "
                        + "next deploy of " + stack + " uses them again)");
            }
            confirm(stack);
            destroyer.destroy(plan, e -> System.out.println("      " + e.line()), System.out::println);
            System.out.println("destroyed " + stack);
        }
        return 0;
    }

    private void confirm(String stack) {
        if (yes) {
            return;
        }
        Prompter prompter = new Prompter();
        if (!prompter.interactive()) {
            throw new UserError("destroy deletes the above and there is no terminal to ask: run it again with --yes "
                    + "to confirm");
        }
        if (!prompter.confirm("Delete " + stack + "?")) {
            throw new UserError("not confirmed: nothing deleted");
        }
    }
}
