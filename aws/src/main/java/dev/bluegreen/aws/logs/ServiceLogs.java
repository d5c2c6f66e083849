package dev.bluegreen.aws.logs;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.stack.MainStack;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The logs of a deployment's services in CloudWatch Logs, by the names a person uses: the web sides, the API, the
 * pipeline's build, discover and check steps and the flip and bake functions — the AWS side of {@code bluegreen
 * logs}.
 */
public final class ServiceLogs {

    public static final List<String> SERVICES = List.of("web-blue", "web-green", "api", "build", "discover", "check",
            "flip", "bake");

    /** Where a service's logs are: a log group, and a stream prefix when the group is shared. */
    public record Source(String group, String streamPrefix) {
    }

    public record Line(Instant time, String stream, String message, String eventId) {
    }

    private final CloudWatchLogsClient logs;

    public ServiceLogs(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    /** The log group names the templates give (cluster.yaml, pipeline.yaml). */
    public static Source source(String stack, String service) {
        return switch (service) {
            case "web-blue", "web-green", "api" -> new Source("/bluegreen/" + MainStack.clusterStack(stack) + "/"
                    + service, null);
            case "build", "discover", "check" -> new Source("/bluegreen/" + stack + "/build", service);
            case "flip", "bake" -> new Source("/aws/lambda/" + stack + "-" + service, null);
            default -> throw new AwsException("there is no service '" + service + "': expected one of "
                    + String.join(", ", SERVICES));
        };
    }

    /**
     * The last {@code limit} lines since {@code from}, oldest first, leaving out events already {@code seen}.
     */
    public List<Line> read(Source source, Instant from, int limit, Set<String> seen) {
        Deque<Line> lines = new ArrayDeque<>();
        String token = null;
        try {
            do {
                String next = token;
                FilterLogEventsResponse page = logs.filterLogEvents(r -> r.logGroupName(source.group())
                        .logStreamNamePrefix(source.streamPrefix()).startTime(from.toEpochMilli()).nextToken(next));
                for (FilteredLogEvent e : page.events()) {
                    // the prefix is checked again here: not every implementation of the API honours it (moto doesn't)
                    boolean otherStream = source.streamPrefix() != null
                            && !e.logStreamName().startsWith(source.streamPrefix());
                    if (otherStream || seen.contains(e.eventId())) {
                        continue;
                    }
                    lines.addLast(new Line(Instant.ofEpochMilli(e.timestamp()), e.logStreamName(),
                            e.message().stripTrailing(), e.eventId()));
                    if (lines.size() > limit) {
                        lines.removeFirst();
                    }
                }
                token = page.nextToken();
            } while (token != null);
        } catch (ResourceNotFoundException e) {
            throw new AwsException("log group " + source.group() + " does not exist (yet): the stacks create it, the "
                    + "cluster's on the pipeline's first run; is --stack right?");
        }
        List<Line> ordered = new ArrayList<>(lines);
        ordered.sort(java.util.Comparator.comparing(Line::time));
        return ordered;
    }
}
