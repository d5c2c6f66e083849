package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.cli.UserError;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Which AWS deployment a command works on: a stack name and a region. */
public final class AwsOptions {

    /**
     * Lower case because ECR repository names must be; 28 characters because the load balancer is named
     * {@code <stack>-alb} and ALB names stop at 32.
     */
    private static final Pattern STACK_NAME = Pattern.compile("[a-z][a-z0-9-]{0,27}");

    @Option(names = "--stack", paramLabel = "NAME", defaultValue = "bluegreen",
            description = "the stack the system was deployed as (default: ${DEFAULT-VALUE})")
    String stack;

    @Option(names = "--region", paramLabel = "REGION",
            description = "e.g. eu-west-1 (default: the AWS SDK's: AWS_REGION, then the profile's)")
    String region;

    public String stack() {
        if (!STACK_NAME.matcher(stack).matches() || stack.endsWith("-")) {
            throw new UserError("--stack '" + stack + "' is not a usable name: expected 1 to 28 lower-case letters, "
                    + "digits and hyphens, starting with a letter (it names the load balancer <stack>-alb and the "
                    + "ECR repositories)");
        }
        return stack;
    }

    /** The load balancer the cluster stack creates for this stack. */
    public String loadBalancerName() {
        return stack() + "-alb";
    }

    public AwsClients clients() {
        return new AwsClients(region);
    }
}
