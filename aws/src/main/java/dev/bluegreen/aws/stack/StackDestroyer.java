package dev.bluegreen.aws.stack;

import dev.bluegreen.aws.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Takes a deployment down: the cluster stack (made by the pipeline, so not part of the main stack), then the main
 * stack, after emptying the artifact bucket CloudFormation could not delete otherwise. The table and the image
 * repositories survive a stack deletion (DeletionPolicy Retain: data and images are not lost by accident); with
 * {@code all} they go too, named by the stack's outputs, read before the stack is gone, or found by their
 * {@link MainStack#STACK_TAG} tag when the stack is gone already.
 */
public final class StackDestroyer {

    private final CloudFormationClient cfn;
    private final S3Client s3;
    private final EcrClient ecr;
    private final DynamoDbClient dynamo;
    private final String account;
    private final Polling polling;

    /** @param account the account id (the artifact bucket must be its) */
    public StackDestroyer(CloudFormationClient cfn, S3Client s3, EcrClient ecr, DynamoDbClient dynamo, String account,
                          Polling polling) {
        this.cfn = cfn;
        this.s3 = s3;
        this.ecr = ecr;
        this.dynamo = dynamo;
        this.account = account;
        this.polling = polling;
    }

    /**
     * What {@link #destroy} will delete, read beforehand (so that it can be shown and confirmed).
     *
     * @param mainStack      empty when the main stack is gone
     * @param clusterStack   empty when there is no cluster stack
     * @param artifactBucket null when unknown
     * @param repositories   ECR repositories to delete with their images (only with {@code all})
     * @param tables         DynamoDB tables to delete (only with {@code all})
     */
    public record Plan(String stack, Optional<String> mainStack, Optional<String> clusterStack, String artifactBucket,
                       List<String> repositories, List<String> tables) {

        public Plan {
            repositories = List.copyOf(repositories);
            tables = List.copyOf(tables);
        }

        public boolean nothingToDo() {
            return mainStack.isEmpty() && clusterStack.isEmpty() && repositories.isEmpty() && tables.isEmpty();
        }
    }

    public Plan plan(String stack, boolean all) {
        Stacks stacks = new Stacks(cfn);
        Optional<Stack> main = stacks.find(stack);
        Map<String, String> outputs = main.map(Stacks::outputs).orElse(Map.of());
        String clusterName = outputs.getOrDefault(MainStack.CLUSTER_STACK_NAME, MainStack.clusterStack(stack));
        Optional<String> cluster = stacks.find(clusterName).map(Stack::stackName);
        List<String> repositories = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        if (all) {
            if (main.isPresent()) {
                for (String key : List.of(MainStack.WEB_REPOSITORY, MainStack.API_REPOSITORY)) {
                    String repository = outputs.get(key);
                    if (repository != null && !repository.isBlank()) {
                        repositories.add(repository);
                    }
                }
                String table = outputs.get(MainStack.MOVIES_TABLE);
                if (table != null && !table.isBlank()) {
                    tables.add(table);
                }
            } else {
                // the stack is gone (perhaps an earlier destroy without --all): the data stack tagged what it made
                Retained retained = new Retained(ecr, dynamo, stack);
                repositories.addAll(retained.repositories());
                tables.addAll(retained.tables());
            }
        }
        return new Plan(stack, main.map(Stack::stackName), cluster, outputs.get(MainStack.ARTIFACT_BUCKET),
                repositories, tables);
    }

    /** @param say one line per step */
    public void destroy(Plan plan, StackEvent.Listener listener, Consumer<String> say) {
        plan.clusterStack().ifPresent(name -> delete(name, listener, say));
        if (plan.mainStack().isPresent()) {
            if (plan.artifactBucket() != null) {
                int versions = new Buckets(s3, account).empty(plan.artifactBucket());
                say.accept("emptied artifact bucket " + plan.artifactBucket() + " (" + versions + " object versions)");
            }
            delete(plan.mainStack().get(), listener, say);
        }
        for (String repository : plan.repositories()) {
            try {
                ecr.deleteRepository(b -> b.repositoryName(repository).force(true));
                say.accept("deleted ECR repository " + repository + " and its images");
            } catch (RepositoryNotFoundException e) {
                say.accept("ECR repository " + repository + " was gone already");
            } catch (SdkException e) {
                throw SdkErrors.explain("deleting ECR repository " + repository, e);
            }
        }
        for (String table : plan.tables()) {
            try {
                dynamo.deleteTable(b -> b.tableName(table));
                say.accept("deleted DynamoDB table " + table);
            } catch (ResourceNotFoundException e) {
                say.accept("DynamoDB table " + table + " was gone already");
            } catch (SdkException e) {
                throw SdkErrors.explain("deleting DynamoDB table " + table, e);
            }
        }
    }

    private void delete(String name, StackEvent.Listener listener, Consumer<String> say) {
        say.accept("deleting stack " + name + " ...");
        Stack done;
        StackWatcher watcher;
        try {
            String id = cfn.describeStacks(b -> b.stackName(name)).stacks().get(0).stackId();
            watcher = StackWatcher.before(cfn, id, true, listener, polling);
            cfn.deleteStack(b -> b.stackName(id));
            done = watcher.await();
        } catch (SdkException e) {
            throw SdkErrors.explain("deleting stack " + name, e);
        }
        if (!Objects.equals(done.stackStatusAsString(), "DELETE_COMPLETE")) {
            String reasons = watcher.failureReasons();
            throw new AwsException("stack " + name + " could not be deleted (" + done.stackStatusAsString() + ")"
                    + (reasons.isEmpty() ? "" : ": " + reasons) + ". Fix the cause (often a resource in use, or "
                    + "one changed by hand), then run destroy again");
        }
        say.accept("deleted stack " + name);
    }
}
