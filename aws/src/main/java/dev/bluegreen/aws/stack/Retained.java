package dev.bluegreen.aws.stack;

import dev.bluegreen.aws.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The resources a deleted stack left behind on purpose (DeletionPolicy Retain): the movies table and the image
 * repositories, found by their own {@link MainStack#STACK_TAG} tag. CloudFormation's {@code aws:cloudformation:*}
 * tags would name the nested data stack, whose name is generated and gone with it.
 */
public final class Retained {

    private final EcrClient ecr;
    private final DynamoDbClient dynamo;
    private final String stack;

    public Retained(EcrClient ecr, DynamoDbClient dynamo, String stack) {
        this.ecr = ecr;
        this.dynamo = dynamo;
        this.stack = stack;
    }

    /** The repositories tagged as this stack's. */
    List<String> repositories() {
        List<String> names = new ArrayList<>();
        try {
            for (Repository r : ecr.describeRepositoriesPaginator(b -> { }).repositories()) {
                if (ours(r)) {
                    names.add(r.repositoryName());
                }
            }
        } catch (SdkException e) {
            throw SdkErrors.explain("looking for the ECR repositories of stack " + stack, e);
        }
        return names;
    }

    /** The tables tagged as this stack's (more than one when it was deployed with another --table since). */
    public List<String> tables() {
        List<String> names = new ArrayList<>();
        try {
            for (String name : dynamo.listTablesPaginator(b -> { }).tableNames()) {
                if (tableTag(name).filter(stack::equals).isPresent()) {
                    names.add(name);
                }
            }
        } catch (SdkException e) {
            throw SdkErrors.explain("looking for the DynamoDB tables of stack " + stack, e);
        }
        return names;
    }

    /**
     * Whether the table exists, kept by an earlier deployment of this stack, to be used again. One that exists but
     * is not this stack's is refused: it is someone else's data, and CloudFormation would fail on its name anyway.
     */
    public boolean keptTable(String table) {
        try {
            return tableExists(table);
        } catch (SdkException e) {
            throw SdkErrors.explain("looking for DynamoDB table " + table, e);
        }
    }

    /** The same for an ECR repository ({@code <stack>/web}, {@code <stack>/api}). */
    public boolean keptRepository(String name) {
        try {
            return repositoryExists(name);
        } catch (SdkException e) {
            throw SdkErrors.explain("looking for ECR repository " + name, e);
        }
    }

    private boolean tableExists(String table) {
        Optional<String> owner;
        try {
            owner = tableTag(table);
        } catch (ResourceNotFoundException e) {
            return false;
        }
        if (owner.filter(stack::equals).isEmpty()) {
            throw new AwsException("DynamoDB table " + table + " exists and is not stack " + stack + "'s "
                    + describe(owner) + ": give --table NAME for a new one; or, to serve its movies, tag it "
                    + MainStack.STACK_TAG + "=" + stack + " (its keys must be year (number) and title (string), "
                    + "with a title-index) and deploy again");
        }
        return true;
    }

    private boolean repositoryExists(String name) {
        Repository repository;
        try {
            repository = ecr.describeRepositories(b -> b.repositoryNames(name)).repositories().get(0);
        } catch (RepositoryNotFoundException e) {
            return false;
        }
        if (!ours(repository)) {
            throw new AwsException("ECR repository " + name + " exists and is not stack " + stack + "'s (no tag "
                    + MainStack.STACK_TAG + "=" + stack + "): deploy under another --stack name, or delete the "
                    + "repository, or tag it " + MainStack.STACK_TAG + "=" + stack + " to use it");
        }
        return true;
    }

    private boolean ours(Repository r) {
        return ecr.listTagsForResource(b -> b.resourceArn(r.repositoryArn())).tags().stream()
                .anyMatch(t -> MainStack.STACK_TAG.equals(t.key()) && stack.equals(t.value()));
    }

    private Optional<String> tableTag(String table) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().tableArn();
        return dynamo.listTagsOfResource(b -> b.resourceArn(arn)).tags().stream()
                .filter(t -> MainStack.STACK_TAG.equals(t.key())).map(t -> t.value()).findFirst();
    }

    private static String describe(Optional<String> owner) {
        return owner.map(o -> "(it is tagged " + MainStack.STACK_TAG + "=" + o + ")")
                .orElse("(it has no " + MainStack.STACK_TAG + " tag)");
    }
}
