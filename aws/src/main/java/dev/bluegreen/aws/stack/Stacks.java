package dev.bluegreen.aws.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** Reading stacks: whether one exists, and its outputs. */
public final class Stacks {

    private final CloudFormationClient cfn;

    public Stacks(CloudFormationClient cfn) {
        this.cfn = cfn;
    }

    /** The stack by name, or empty when there is none (a deleted stack is none). */
    public Optional<Stack> find(String name) {
        try {
            return cfn.describeStacks(b -> b.stackName(name)).stacks().stream().findFirst()
                    .filter(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()));
        } catch (SdkException e) {
            if (SdkErrors.stackMissing(e)) {
                return Optional.empty();
            }
            throw SdkErrors.explain("reading stack " + name, e);
        }
    }

    /** The stack's outputs by key, or empty when the stack does not exist. */
    public Optional<Map<String, String>> outputs(String name) {
        return find(name).map(Stacks::outputs);
    }

    /** A stack's outputs by key. */
    public static Map<String, String> outputs(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output o : stack.outputs()) {
            outputs.put(o.outputKey(), o.outputValue());
        }
        return outputs;
    }
}
