package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.logs.ServiceLogs;
import dev.bluegreen.cli.UserError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print a service's logs from CloudWatch Logs; -f follows them.",
        footer = {"", "SERVICE: web-blue, web-green, api (the ECS services), build, discover, check (the",
                "pipeline's CodeBuild steps: check has the checks' verdict), flip, bake (the Lambdas).", "",
                "Example: bluegreen aws logs flip --since 1d"})
public final class AwsLogsCommand implements Callable<Integer> {

    private static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(2);

    @Mixin
    AwsOptions aws;

    @Parameters(paramLabel = "SERVICE", description = "web-blue, web-green, api, build, discover, check, flip or bake")
    String service;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "1h",
            description = "how far back, e.g. 30m, 6h, 2d (default: ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "200",
            description = "at most the last N lines (default: ${DEFAULT-VALUE})")
    int tail;

    @Option(names = {"-f", "--follow"}, description = "keep printing new lines until interrupted")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        if (tail < 1) {
            throw new UserError("--tail " + tail + ": expected a number of lines, 1 or more");
        }
        Instant from = Instant.now().minus(duration(since));
        ServiceLogs.Source source = ServiceLogs.source(aws.stack(), service);
        try (AwsClients clients = aws.clients()) {
            ServiceLogs logs = new ServiceLogs(clients.logs());
            Map<String, Instant> seen = new HashMap<>();
            int limit = tail;
            while (true) {
                List<ServiceLogs.Line> lines = logs.read(source, from, limit, seen.keySet());
                for (ServiceLogs.Line line : lines) {
                    System.out.println(line.time() + " " + line.stream() + " " + line.message());
                    seen.put(line.eventId(), line.time());
                    // CloudWatch's times are milliseconds: read again from the last one, the seen ids drop repeats
                    from = line.time();
                }
                Instant readFrom = from;
                seen.values().removeIf(time -> time.isBefore(readFrom));
                System.out.flush();
                if (!follow) {
                    return 0;
                }
                limit = Integer.MAX_VALUE; // --tail bounds the backlog; while following, every new line counts
                Thread.sleep(FOLLOW_INTERVAL.toMillis());
            }
        }
    }

    static Duration duration(String text) {
        try {
            String unit = text.substring(text.length() - 1);
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            Duration d = switch (unit) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new DateTimeParseException("unit", text, text.length() - 1);
            };
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", text, 0);
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new UserError("--since '" + text + "': expected a positive number and a unit, s, m, h or d "
                    + "(e.g. 30m, 6h, 2d)");
        }
    }
}
