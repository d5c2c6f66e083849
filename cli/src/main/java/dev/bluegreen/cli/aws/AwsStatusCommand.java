package dev.bluegreen.cli.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.status.AwsStatus;
import dev.bluegreen.aws.status.StatusReader;
import dev.bluegreen.core.routing.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show what is live on AWS: listeners, targets, services, pipeline.")
public final class AwsStatusCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Mixin
    LoadBalancerOption loadBalancer;

    @Option(names = "--json", description = "as JSON, for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AwsStatus status;
        try (AwsClients clients = aws.clients()) {
            status = new StatusReader(clients).read(aws.stack(), loadBalancer.resolve(aws));
        }
        System.out.print(json ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status)
                + System.lineSeparator() : render(status));
        return 0;
    }

    static String render(AwsStatus s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Stack %s in %s: %s%n", s.stack(), s.region(), s.stackStatus()));
        out.append(String.format("%nLoad balancer %s%n", s.loadBalancer()));
        for (AwsStatus.Listener l : s.listeners()) {
            out.append(String.format("  %-5s %-5d %-50s -> %s%n", l.name(), l.port(), l.url(), forwardsTo(l)));
        }
        out.append(String.format("%nTarget groups%n"));
        for (AwsStatus.Group g : s.groups()) {
            List<String> tags = new ArrayList<>();
            // blue/green's own tags first, in the seed's order; the memory of the last flip is bluegreen's business
            for (String key : List.of(Tags.IDENTIFIER, Tags.IS_PRODUCTION, Tags.IMAGE)) {
                if (g.tags().containsKey(key)) {
                    tags.add(key + "=" + g.tags().get(key));
                }
            }
            new TreeMap<>(g.tags()).forEach((k, v) -> {
                if (!tags.contains(k + "=" + v) && !k.startsWith("aws:") && !k.startsWith("bluegreen:")) {
                    tags.add(k + "=" + v);
                }
            });
            out.append(String.format("  %-32s %d/%d healthy   %s%n", g.name(), g.healthy(), g.targets(),
                    String.join(" ", tags)));
            g.states().forEach(state -> out.append(String.format("    %s%n", state)));
        }
        out.append(String.format("%nRollback: %s%n", s.rollback().possible() ? "possible, " + s.rollback().detail()
                : "not possible: " + s.rollback().detail()));
        if (!s.services().isEmpty()) {
            out.append(String.format("%nServices%n"));
            for (AwsStatus.Service svc : s.services()) {
                out.append(String.format("  %-28s %-8s %d/%d running, %d pending   %s%n", svc.name(), svc.status(),
                        svc.running(), svc.desired(), svc.pending(), shortTaskDefinition(svc.taskDefinition())));
            }
        }
        out.append(String.format("%nPipeline %s%s%n", s.pipeline().name(),
                s.pipeline().url() == null ? "" : "  " + s.pipeline().url()));
        for (AwsStatus.Stage stage : s.pipeline().stages()) {
            // a summary of several lines (the checks' verdict) goes on under its first line
            String summary = stage.summary() == null ? ""
                    : stage.summary().replace("\n", System.lineSeparator() + " ".repeat(25));
            out.append(String.format("  %-10s %-11s %s%n", stage.name(), stage.status(), summary));
        }
        if (!s.notes().isEmpty()) {
            out.append(String.format("%nNotes%n"));
            s.notes().forEach(n -> out.append(String.format("  %s%n", n)));
        }
        return out.toString();
    }

    /** {@code blue}, or {@code blue 90 %, green 10 % (shifting)} while traffic shifts, as the local status says. */
    private static String forwardsTo(AwsStatus.Listener listener) {
        if (!listener.shifting()) {
            return listener.targetGroup();
        }
        List<String> shares = new ArrayList<>();
        listener.weights().forEach((group, percent) -> shares.add(group + " " + percent + " %"));
        return String.join(", ", shares) + " (shifting)";
    }

    private static String shortTaskDefinition(String arn) {
        return arn == null ? "" : arn.substring(arn.lastIndexOf('/') + 1);
    }
}
