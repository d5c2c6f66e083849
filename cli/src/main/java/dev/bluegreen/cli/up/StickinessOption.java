package dev.bluegreen.cli.up;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.platform.runtime.PlatformConfig;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Whether a client stays on one side while traffic shifts, and for how long: an ALB's target group stickiness. */
public final class StickinessOption {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd]?)");

    @Option(names = "--stickiness", paramLabel = "DURATION", defaultValue = "0",
            description = "while traffic shifts, keep a client on the side it was first sent to (a cookie) for this "
                    + "long: 30s, 15m, 1h, 1d (up to 7d); 0: off (default: ${DEFAULT-VALUE})")
    String stickiness;

    Duration duration() {
        Matcher m = DURATION.matcher(stickiness.strip());
        if (!m.matches()) {
            throw new UserError("--stickiness must be 0 (off) or a duration such as 30s, 15m, 1h or 1d, got '"
                    + stickiness + "'");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.compareTo(PlatformConfig.MAX_STICKINESS) > 0) {
            throw new UserError("--stickiness must be at most 7d (an ALB's longest), got '" + stickiness + "'");
        }
        return duration;
    }
}
