package dev.bluegreen.aws.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * The resources a deleted stack left behind on purpose (DeletionPolicy Retain), found by the tag CloudFormation
 * puts on everything it creates. Used when the stack's outputs, which name them, are gone with the stack.
 */
final class Retained {

    static final String STACK_TAG = "aws:cloudformation:stack-name";

    private final EcrClient ecr;
    private final DynamoDbClient dynamo;
    private final String stack;

    Retained(EcrClient ecr, DynamoDbClient dynamo, String stack) {
        this.ecr = ecr;
        this.dynamo = dynamo;
        this.stack = stack;
    }

    List<String> repositories() {
        List<String> names = new ArrayList<>();
        try {
            for (Repository r : ecr.describeRepositoriesPaginator(b -> { }).repositories()) {
                boolean ours = ecr.listTagsForResource(b -> b.resourceArn(r.repositoryArn())).tags().stream()
                        .anyMatch(t -> STACK_TAG.equals(t.key()) && stack.equals(t.value()));
                if (ours) {
                    names.add(r.repositoryName());
                }
            }
        } catch (SdkException e) {
            throw SdkErrors.explain("looking for the ECR repositories of stack " + stack, e);
        }
        return names;
    }

    Optional<String> table() {
        try {
            for (String name : dynamo.listTablesPaginator(b -> { }).tableNames()) {
                String arn = dynamo.describeTable(b -> b.tableName(name)).table().tableArn();
                boolean ours = dynamo.listTagsOfResource(b -> b.resourceArn(arn)).tags().stream()
                        .anyMatch(t -> STACK_TAG.equals(t.key()) && stack.equals(t.value()));
                if (ours) {
                    return Optional.of(name);
                }
            }
        } catch (SdkException e) {
            throw SdkErrors.explain("looking for the DynamoDB table of stack " + stack, e);
        }
        return Optional.empty();
    }
}
