package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.stack.MainStack;
import dev.bluegreen.aws.stack.Retained;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * What {@code aws destroy} kept of an earlier deployment of the stack (the movies table, the image repositories):
 * a new deployment uses them again, movies and images included, instead of failing on their names.
 */
final class KeptResources {

    private final Retained retained;
    private final String stack;

    KeptResources(AwsClients clients, String stack) {
        this.retained = new Retained(clients.ecr(), clients.dynamo(), stack);
        this.stack = stack;
    }

    /**
     * Sets the table's name and the UseExisting* parameters. For a new stack all three are looked for; for an
     * existing one only a table that --table changes (a null keeps what the stack has).
     */
    void into(Map<String, String> parameters, Optional<Stack> current, String table) {
        if (current.isPresent()) {
            String now = current.get().parameters().stream().filter(p -> p.parameterKey().equals(MainStack.TABLE_NAME))
                    .map(Parameter::parameterValue).findFirst().orElse(null);
            boolean changed = table != null && !table.equals(now);
            parameters.put(MainStack.TABLE_NAME, changed ? table : null);
            parameters.put(MainStack.USE_EXISTING_TABLE, changed ? useTable(table) : null);
            parameters.put(MainStack.USE_EXISTING_WEB_REPOSITORY, null);
            parameters.put(MainStack.USE_EXISTING_API_REPOSITORY, null);
            return;
        }
        String name = table != null ? table : MainStack.DEFAULT_TABLE;
        parameters.put(MainStack.TABLE_NAME, name);
        parameters.put(MainStack.USE_EXISTING_TABLE, useTable(name));
        parameters.put(MainStack.USE_EXISTING_WEB_REPOSITORY, useRepository(stack + "/web"));
        parameters.put(MainStack.USE_EXISTING_API_REPOSITORY, useRepository(stack + "/api"));
        for (String other : retained.tables()) {
            if (!other.equals(name)) {
                System.out.println("table " + other + ", kept by an earlier deployment, is left as it is "
                        + "(--table " + other + " would use it again)");
            }
        }
    }

    private String useTable(String table) {
        boolean kept = retained.keptTable(table);
        if (kept) {
            System.out.println("using table " + table + ", kept by an earlier deployment: its movies stay");
        }
        return Boolean.toString(kept);
    }

    private String useRepository(String name) {
        boolean kept = retained.keptRepository(name);
        if (kept) {
            System.out.println("using ECR repository " + name + ", kept by an earlier deployment: its "
                    + "images stay");
        }
        return Boolean.toString(kept);
    }
}
