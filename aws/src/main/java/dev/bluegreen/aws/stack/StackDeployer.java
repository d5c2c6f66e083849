package dev.bluegreen.aws.stack;

import dev.bluegreen.aws.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Creates the main stack, or updates it when it exists; "No updates are to be performed" is a success. Nested
 * stacks and named IAM roles are what the templates are made of, hence the three capabilities.
 */
public final class StackDeployer {

    private static final List<Capability> CAPABILITIES = List.of(Capability.CAPABILITY_IAM,
            Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND);
    private static final Set<String> SUCCESS = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE");

    private final CloudFormationClient cfn;
    private final Polling polling;

    public StackDeployer(CloudFormationClient cfn, Polling polling) {
        this.cfn = cfn;
        this.polling = polling;
    }

    /**
     * @param changed false when the stack already was as asked
     * @param outputs empty when not waited for
     */
    public record Result(String stackId, boolean created, boolean changed, String status, Map<String, String> outputs) {
    }

    /**
     * @param parameters a null value means: on update, keep the stack's current value (when it has the
     *                   parameter); on create, the template's default
     * @param wait       false: return once CloudFormation accepted the operation
     */
    public Result deploy(String name, String templateUrl, Map<String, String> parameters, boolean wait,
                         StackEvent.Listener listener) {
        Optional<Stack> existing = new Stacks(cfn).find(name);
        existing.ifPresent(s -> refuseIfNotUpdatable(name, s.stackStatusAsString()));
        boolean create = existing.isEmpty();
        StackWatcher watcher;
        String stackId;
        try {
            watcher = StackWatcher.before(cfn, name, !create, listener, polling);
            if (create) {
                stackId = cfn.createStack(b -> b.stackName(name).templateURL(templateUrl)
                        .parameters(parameters(parameters, Set.of())).capabilities(CAPABILITIES)).stackId();
            } else {
                Set<String> current = existing.get().parameters().stream().map(Parameter::parameterKey)
                        .collect(java.util.stream.Collectors.toSet());
                stackId = cfn.updateStack(b -> b.stackName(name).templateURL(templateUrl)
                        .parameters(parameters(parameters, current)).capabilities(CAPABILITIES)).stackId();
            }
        } catch (SdkException e) {
            if (!create && SdkErrors.noUpdates(e)) {
                Stack stack = existing.get();
                return new Result(stack.stackId(), false, false, stack.stackStatusAsString(), Stacks.outputs(stack));
            }
            throw SdkErrors.explain((create ? "creating" : "updating") + " stack " + name, e);
        }
        if (!wait) {
            return new Result(stackId, create, true, create ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS", Map.of());
        }
        StackWatcher onId = watcher.on(stackId);
        Stack done;
        try {
            done = onId.await();
        } catch (SdkException e) {
            throw SdkErrors.explain("waiting for stack " + name, e);
        }
        String status = done.stackStatusAsString();
        if (!SUCCESS.contains(status)) {
            throw failed(name, create, status, done.stackStatusReason(), onId.failureReasons());
        }
        return new Result(stackId, create, true, status, Stacks.outputs(done));
    }

    private static List<Parameter> parameters(Map<String, String> given, Set<String> current) {
        List<Parameter> list = new ArrayList<>();
        given.forEach((key, value) -> {
            if (value != null) {
                list.add(Parameter.builder().parameterKey(key).parameterValue(value).build());
            } else if (current.contains(key)) {
                list.add(Parameter.builder().parameterKey(key).usePreviousValue(true).build());
            }
        });
        return list;
    }

    private static void refuseIfNotUpdatable(String name, String status) {
        if (status.endsWith("_IN_PROGRESS")) {
            throw new AwsException("stack " + name + " is busy (" + status + "): wait until it finishes, then "
                    + "deploy again");
        }
        if (status.equals("ROLLBACK_COMPLETE") || status.equals("ROLLBACK_FAILED")
                || status.equals("CREATE_FAILED") || status.equals("DELETE_FAILED")) {
            throw new AwsException("stack " + name + " cannot be updated (" + status + ", left by a failed "
                    + (status.startsWith("DELETE") ? "delete" : "create") + "): run 'bluegreen aws destroy --stack "
                    + name + "', then deploy again");
        }
    }

    private static AwsException failed(String name, boolean create, String status, String stackReason,
                                       String reasons) {
        StringBuilder message = new StringBuilder("stack " + name + ": the " + (create ? "create" : "update")
                + " failed (" + status + ")");
        if (!reasons.isEmpty()) {
            message.append(". First failures: ").append(reasons);
        } else if (stackReason != null && !stackReason.isBlank()) {
            message.append(": ").append(stackReason);
        }
        message.append(create ? ". Fix the cause, run 'bluegreen aws destroy --stack " + name + "', then deploy again"
                : status.equals("UPDATE_ROLLBACK_COMPLETE")
                        ? ". The stack is back to its previous version; fix the cause and deploy again"
                        : ". See the stack's events in the CloudFormation console");
        return new AwsException(message.toString());
    }
}
