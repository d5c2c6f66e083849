package dev.bluegreen.cli.up;

import dev.bluegreen.platform.runtime.TaskDefinitions;
import dev.bluegreen.platform.runtime.Topology;
import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.TaskDefinition;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The task definitions of the Movies app: each task is this same program ({@code bluegreen api} or {@code
 * bluegreen web}) in its own JVM, given its port by the supervisor; web tasks reach the API through the load
 * balancer's API listener and show their side (the target group they serve).
 */
final class ServiceTasks implements TaskDefinitions {

    /** A cold JVM on a busy laptop can take seconds; one that never answers is stopped after this. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Longer than the services' own drain (10 s), so SIGKILL is only for a task that hangs. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Path moviesDb;
    private final Path site;

    ServiceTasks(Path moviesDb, Path site) {
        this.moviesDb = moviesDb.toAbsolutePath();
        this.site = site == null ? null : site.toAbsolutePath();
    }

    @Override
    public TaskDefinition forService(ServiceRecord service, URI apiListener) {
        List<String> command = java();
        if (Topology.isWeb(service)) {
            command.addAll(List.of("web", "--port", TaskDefinition.PORT_PLACEHOLDER, "--api", apiListener.toString(),
                    "--side", service.targetGroup()));
            if (site != null) {
                command.addAll(List.of("--site", site.toString()));
            }
        } else {
            command.addAll(List.of("api", "--port", TaskDefinition.PORT_PLACEHOLDER, "--db", moviesDb.toString()));
        }
        return new TaskDefinition(service.name(), command, Map.of(), "/health", START_TIMEOUT, STOP_TIMEOUT);
    }

    private static List<String> java() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(JvmOptions.forServices());
        String logging = System.getProperty("logback.configurationFile");
        if (logging != null) {
            cmd.add("-Dlogback.configurationFile=" + logging);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.bluegreen.cli.Main"));
        return cmd;
    }
}
