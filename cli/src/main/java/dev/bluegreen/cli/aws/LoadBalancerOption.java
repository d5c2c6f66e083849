package dev.bluegreen.cli.aws;

import picocli.CommandLine.Option;

/** For commands that act on the load balancer: its name, when it is not the one the stack made. */
public final class LoadBalancerOption {

    @Option(names = "--load-balancer", paramLabel = "NAME",
            description = "the ALB to act on (default: <stack>-alb, the one the cluster stack creates)")
    String name;

    String resolve(AwsOptions aws) {
        return name != null ? name : aws.loadBalancerName();
    }
}
