package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.aws.stack.StackDeployer;
import dev.bluegreen.aws.stack.Stacks;
import java.util.Map;
import java.util.Optional;

/** What {@code aws deploy} says at the end: where the pipeline is, and where the app is once it exists. */
final class DeployReport {

    private final AwsClients clients;
    private final String stack;

    DeployReport(AwsClients clients, String stack) {
        this.clients = clients;
        this.stack = stack;
    }

    void print(StackDeployer.Result result, boolean noWait) {
        if (noWait) {
            System.out.println("stack " + stack + ": " + result.status() + " (not waited for; follow it in the "
                    + "CloudFormation console, or run deploy again without --no-wait)");
            return;
        }
        System.out.println("stack " + stack + ": " + (result.changed() ? result.status()
                : "no changes (already up to date)"));
        Map<String, String> outputs = result.outputs();
        line("pipeline", outputs.get(MainStack.PIPELINE_URL));
        line("movies table", outputs.get(MainStack.MOVIES_TABLE));
        String clusterStack = outputs.getOrDefault(MainStack.CLUSTER_STACK_NAME, MainStack.clusterStack(stack));
        Optional<Map<String, String>> cluster = new Stacks(clients.cloudFormation()).outputs(clusterStack);
        if (cluster.isPresent()) {
            line("prod", cluster.get().get(MainStack.PROD_URL));
            line("test", cluster.get().get(MainStack.TEST_URL) + " (" + testAccess() + ")");
            line("dashboard", cluster.get().get(MainStack.DASHBOARD_URL));
        } else {
            System.out.println("The prod and test URLs appear once the pipeline's first run has built the images and "
                    + "created stack " + clusterStack + " (about 15 minutes); then: bluegreen aws status --stack "
                    + stack);
        }
    }

    /** Who the test listener lets in: the pipeline's checks always, and TestListenerCidr. */
    private String testAccess() {
        String cidr = new Stacks(clients.cloudFormation()).find(stack).flatMap(s -> s.parameters().stream()
                .filter(p -> p.parameterKey().equals(MainStack.TEST_LISTENER_CIDR)).findFirst())
                .map(p -> p.parameterValue()).orElse("");
        return cidr.isBlank() ? "open only to the pipeline's own checks; --test-cidr YOUR.ADDRESS/32 lets you in"
                : "open to " + cidr + " and the pipeline's own checks";
    }

    private static void line(String what, String value) {
        if (value != null && !value.isBlank()) {
            System.out.printf("  %-13s %s%n", what + ":", value);
        }
    }
}
