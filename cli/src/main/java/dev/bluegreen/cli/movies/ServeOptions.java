package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.BuildInfo;
import dev.bluegreen.cli.UserError;
import dev.bluegreen.service.ServiceSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a service listens and names itself; shared by every command that runs one. */
public final class ServeOptions {

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServiceSettings.LOOPBACK,
            description = "address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the service to the network)")
    String host;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "name of this instance, shown in /version and pages (default: $BLUEGREEN_TASK_ID, "
                    + "else PREFIX-PID)")
    String instanceId;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "on stop, how long requests in flight may finish (default: ${DEFAULT-VALUE})")
    int drainSeconds;

    ServiceSettings settings(String name, int port, String idPrefix) {
        if (port < 0 || port > 65_535) {
            throw new UserError("--port must be between 0 and 65535, got " + port);
        }
        if (drainSeconds < 0 || drainSeconds > 600) {
            throw new UserError("--drain-timeout must be between 0 and 600 seconds, got " + drainSeconds);
        }
        String id = instanceId != null ? instanceId : System.getenv("BLUEGREEN_TASK_ID");
        if (id == null || id.isBlank()) {
            id = idPrefix + "-" + ProcessHandle.current().pid();
        }
        return new ServiceSettings(name, host, port, Duration.ofSeconds(drainSeconds), BuildInfo.version(), id);
    }
}
