package dev.bluegreen.cli.up;

import dev.bluegreen.platform.pipeline.build.AppTaskDefinition;
import dev.bluegreen.platform.runtime.TaskDefinitions;
import dev.bluegreen.platform.runtime.Topology;
import dev.bluegreen.platform.state.ServiceRecord;
import dev.bluegreen.platform.tasks.TaskDefinition;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The task definitions of the Movies app: each task is this same program ({@code bluegreen api} or {@code
 * bluegreen web}) in its own JVM, given its port by the supervisor; web tasks reach the API through the load
 * balancer's API listener and show their side (the target group they serve). A web version built by the pipeline
 * runs what its own {@code taskdef.json} says, with the placeholders filled in; {@code bluegreen} as its program
 * means this same program.
 */
final class ServiceTasks implements TaskDefinitions {

    /** A cold JVM on a busy laptop can take seconds; one that never answers is stopped after this. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Longer than the services' own drain (10 s), so SIGKILL is only for a task that hangs. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Path moviesDb;
    private final Path site;
    private final Path artifacts;

    ServiceTasks(Path moviesDb, Path site, Path artifacts) {
        this.moviesDb = moviesDb.toAbsolutePath();
        this.site = site == null ? null : site.toAbsolutePath();
        this.artifacts = artifacts.toAbsolutePath();
    }

    @Override
    public TaskDefinition forService(ServiceRecord service, URI apiListener) {
        Path build = service.image() == null ? null : artifacts.resolve(service.image());
        if (Topology.isWeb(service) && build != null && Files.isRegularFile(build.resolve(
                AppTaskDefinition.FILE_NAME))) {
            return fromBuild(service, apiListener, build);
        }
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

    private static TaskDefinition fromBuild(ServiceRecord service, URI apiListener, Path build) {
        TaskDefinition filled = AppTaskDefinition.read(build.resolve(AppTaskDefinition.FILE_NAME)).toTaskDefinition(
                Map.of("API_URL", apiListener.toString(), "ARTIFACT_DIR", build.toString(),
                        "SIDE", service.targetGroup()));
        List<String> command = new ArrayList<>();
        if (filled.command().get(0).equals("bluegreen")) {
            command.addAll(java());
            command.addAll(filled.command().subList(1, filled.command().size()));
        } else {
            command.addAll(filled.command());
        }
        return new TaskDefinition(service.name(), command, filled.environment(), filled.healthPath(),
                filled.startTimeout(), filled.stopTimeout());
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
