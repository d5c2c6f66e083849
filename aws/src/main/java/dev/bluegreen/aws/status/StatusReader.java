package dev.bluegreen.aws.status;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.aws.logs.ServiceLogs;
import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.aws.stack.Stacks;
import dev.bluegreen.core.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineStateResponse;
import software.amazon.awssdk.services.codepipeline.model.StageState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** Reads an AWS deployment's status; every part on its own, so that one unreadable part does not hide the rest. */
public final class StatusReader {

    private static final String CHECK_ACTION = "Check";
    private static final String CHECK_LOG = "check";
    /** The end of a check build's log that is read for the verdict. */
    private static final int VERDICT_LINES = 200;
    /** How the checks' verdict starts when it is a failure (the core's CheckResult), or a checks.yml refused. */
    private static final Pattern VERDICT = Pattern.compile(
            "^(\\d+ of \\d+ checks failed on the test side: |checks\\.yml: )");

    private final AwsClients aws;

    public StatusReader(AwsClients aws) {
        this.aws = aws;
    }

    /**
     * @param stack        the main stack's name; the cluster stack is {@code <stack>-cluster}
     * @param loadBalancer the load balancer's name ({@code <stack>-alb} unless the user says otherwise)
     */
    public AwsStatus read(String stack, String loadBalancer) {
        List<String> notes = new ArrayList<>();
        Stacks stacks = new Stacks(aws.cloudFormation());
        Optional<Stack> main = stacks.find(stack);
        if (main.isEmpty()) {
            notes.add("stack '" + stack + "' is not deployed in " + aws.region()
                    + ": 'bluegreen aws deploy' creates it");
        }
        Map<String, String> clusterOutputs = stacks.outputs(MainStack.clusterStack(stack)).orElse(Map.of());

        List<AwsStatus.Listener> listeners = new ArrayList<>();
        List<AwsStatus.Group> groups = new ArrayList<>();
        AwsStatus.Rollback rollback = new AwsStatus.Rollback(false, "no load balancer");
        String prodUrl = null;
        String testUrl = null;
        Optional<Alb> alb = Alb.find(aws.elb(), loadBalancer);
        if (alb.isEmpty()) {
            notes.add("load balancer '" + loadBalancer + "' does not exist yet: the pipeline's first run creates it");
        } else {
            Alb.Snapshot snapshot = alb.get().snapshot();
            for (var e : snapshot.listeners().entrySet()) {
                int port = e.getValue().port();
                String url = (port == 443 || port == 8443 ? "https://" : "http://") + alb.get().dnsName()
                        + (port == 80 || port == 443 ? "" : ":" + port);
                listeners.add(new AwsStatus.Listener(e.getKey(), port, url,
                        snapshot.routing().forwardsTo(e.getKey()).orElse(null),
                        snapshot.routing().weights(e.getKey())));
                if (e.getKey().equals(Alb.PAIR.production())) {
                    prodUrl = url;
                } else {
                    testUrl = url;
                }
            }
            snapshot.groups().forEach(g -> {
                List<TargetHealthDescription> health = alb.get().health(snapshot, g.targetGroupName());
                List<String> states = health.stream().map(h -> h.target().id() + " " + h.targetHealth().stateAsString()
                        + (h.targetHealth().reason() == null ? "" : " (" + h.targetHealth().reasonAsString() + ")"))
                        .toList();
                int healthy = (int) health.stream().filter(h -> "healthy".equals(h.targetHealth().stateAsString()))
                        .count();
                groups.add(new AwsStatus.Group(g.targetGroupName(),
                        snapshot.routing().tags(g.targetGroupName()).values(), healthy, health.size(), states));
            });
            Outcome preview = AlbSwitch.flipper(alb.get()).rollbackPreview();
            rollback = new AwsStatus.Rollback(preview.done(), preview.done() ? "to " + preview.message()
                    : preview.message());
        }
        String stackStatus = main.map(Stack::stackStatusAsString).orElse("NOT_DEPLOYED");
        return new AwsStatus(stack, aws.region(), stackStatus,
                loadBalancer, prodUrl, testUrl, listeners, groups, rollback, services(clusterOutputs, notes),
                pipeline(main.map(Stacks::outputs).orElse(Map.of()), stack, notes), notes);
    }

    private List<AwsStatus.Service> services(Map<String, String> clusterOutputs, List<String> notes) {
        String cluster = clusterOutputs.get("ClusterName");
        if (cluster == null) {
            notes.add("no ECS services yet: the pipeline's first run creates the cluster stack");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String key : List.of("BlueServiceName", "GreenServiceName", "ApiServiceName")) {
            Optional.ofNullable(clusterOutputs.get(key)).ifPresent(names::add);
        }
        if (names.isEmpty()) {
            return List.of();
        }
        try {
            List<Service> services = aws.ecs().describeServices(r -> r.cluster(cluster).services(names)).services();
            return services.stream().map(s -> new AwsStatus.Service(s.serviceName(), s.status(), s.desiredCount(),
                    s.runningCount(), s.pendingCount(), s.taskDefinition())).toList();
        } catch (SdkException e) {
            notes.add("services of cluster '" + cluster + "' cannot be read: " + e.getMessage());
            return List.of();
        }
    }

    private AwsStatus.Pipeline pipeline(Map<String, String> mainOutputs, String stack, List<String> notes) {
        String name = mainOutputs.getOrDefault("PipelineName", stack + "-pipeline");
        String url = mainOutputs.get("PipelineUrl");
        try {
            GetPipelineStateResponse state = aws.codePipeline().getPipelineState(r -> r.name(name));
            List<AwsStatus.Stage> stages = new ArrayList<>();
            for (StageState stage : state.stageStates()) {
                var latest = stage.latestExecution();
                // the action in progress first: one stage holds Discover to Bake, and which of them runs matters;
                // then a failed one, with why
                String summary = inProgress(stage).or(() -> failed(stage, stack))
                        .or(() -> stage.actionStates().stream()
                                .filter(a -> a.latestExecution() != null && a.latestExecution().summary() != null)
                                .map(a -> a.actionName() + ": " + a.latestExecution().summary()).findFirst())
                        .orElse(null);
                stages.add(new AwsStatus.Stage(stage.stageName(),
                        latest == null ? "NotRun" : latest.statusAsString(),
                        latest == null ? null : latest.pipelineExecutionId(), summary));
            }
            return new AwsStatus.Pipeline(name, url, stages);
        } catch (SdkException e) {
            notes.add("pipeline '" + name + "' cannot be read: " + firstLine(e.getMessage()));
            return new AwsStatus.Pipeline(name, url, List.of());
        }
    }

    private static Optional<String> inProgress(StageState stage) {
        return stage.actionStates().stream().filter(a -> a.latestExecution() != null
                        && a.latestExecution().status() == ActionExecutionStatus.IN_PROGRESS)
                .map(a -> a.actionName() + " in progress" + (a.latestExecution().summary() == null ? ""
                        : ": " + a.latestExecution().summary()))
                .findFirst();
    }

    /** A failed action and why; for the Check action, the checks' verdict from its log. */
    private Optional<String> failed(StageState stage, String stack) {
        return stage.actionStates().stream().filter(a -> a.latestExecution() != null
                        && a.latestExecution().status() == ActionExecutionStatus.FAILED)
                .findFirst().map(a -> {
                    String error = a.latestExecution().errorDetails() == null ? ""
                            : a.latestExecution().errorDetails().message();
                    if (a.actionName().equals(CHECK_ACTION)) {
                        return checkVerdict(stack, a.latestExecution().externalExecutionId())
                                .orElse("Check failed: " + error + " (see 'bluegreen aws logs check')");
                    }
                    return a.actionName() + " failed: " + error;
                });
    }

    /**
     * The verdict the checks printed last in the Check build's log ({@code check/<build>} of the build log group),
     * from its first line ("1 of 3 checks failed on the test side: ...", or what is wrong with checks.yml) on.
     */
    private Optional<String> checkVerdict(String stack, String buildId) {
        if (buildId == null || !buildId.contains(":")) {
            return Optional.empty();
        }
        ServiceLogs.Source check = ServiceLogs.source(stack, CHECK_LOG);
        try {
            List<String> lines = new ServiceLogs(aws.logs()).read(new ServiceLogs.Source(check.group(),
                    check.streamPrefix() + "/" + buildId.substring(buildId.indexOf(':') + 1)), Instant.EPOCH,
                    VERDICT_LINES, Set.of()).stream().map(ServiceLogs.Line::message)
                    .filter(line -> !line.startsWith("[Container] ")).toList(); // CodeBuild's own lines
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (VERDICT.matcher(lines.get(i)).find()) {
                    return Optional.of("Check failed: " + String.join("\n", lines.subList(i, lines.size())));
                }
            }
        } catch (AwsException | SdkException unreadable) {
            // the action's own error, and where to look
        }
        return Optional.empty();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
