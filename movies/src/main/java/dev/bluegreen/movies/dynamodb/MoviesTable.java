package dev.bluegreen.movies.dynamodb;

import static dev.bluegreen.movies.dynamodb.MovieItems.TITLE;
import static dev.bluegreen.movies.dynamodb.MovieItems.YEAR;

import dev.bluegreen.movies.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The movies table's schema: the seed's key ({@code year} N HASH, {@code title} S RANGE) plus the
 * {@code title-index} GSI that the seed never had, on demand. Creates or upgrades it for a loader; only checks it
 * for a reader.
 */
final class MoviesTable {

    static final String TITLE_INDEX = "title-index";
    /** DescribeTable answers in milliseconds; a health check (ALB, ECS) gives up after 5 s. */
    static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(3);

    private final DynamoDbClient client;
    private final DynamoCalls calls;
    private final Duration readyTimeout;

    MoviesTable(DynamoDbClient client, DynamoCalls calls, Duration readyTimeout) {
        this.client = client;
        this.calls = calls;
        this.readyTimeout = readyTimeout;
    }

    /** What a loader wants: the table and its index exist and are ACTIVE when this returns. */
    void createOrUpgrade() {
        Optional<TableDescription> found = describe();
        if (found.isEmpty()) {
            create();
        } else {
            checkKeys(found.get());
            if (titleIndex(found.get()).isEmpty()) {
                // UpdateTable is refused while the table itself is still CREATING or UPDATING
                awaitReady(false);
                addTitleIndex(describe().orElseThrow(calls::missingTable));
            }
        }
        awaitReady(true);
    }

    /**
     * What a reader wants: never creates anything, but waits while a loader is still creating the table or its
     * index.
     */
    void requireReady() {
        TableDescription table = describe().orElseThrow(calls::missingTable);
        checkKeys(table);
        if (titleIndex(table).isEmpty()) {
            throw new StoreUnavailableException("the DynamoDB table " + calls.table() + " at " + calls.where()
                    + " has no " + TITLE_INDEX + " (a table created by the original sample never had it); add it with:"
                    + " bluegreen load --store dynamodb --table " + calls.table(), null);
        }
        awaitReady(true);
    }

    Optional<TableDescription> describe() {
        try {
            return Optional.of(client.describeTable(b -> b.tableName(calls.table())
                    // a wrong endpoint must be reported now, not after the SDK's dozen retries
                    .overrideConfiguration(o -> o.apiCallTimeout(DESCRIBE_TIMEOUT))).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw calls.failed("describing the table", e);
        }
    }

    private void create() {
        try {
            client.createTable(b -> b.tableName(calls.table())
                    .attributeDefinitions(attribute(YEAR, ScalarAttributeType.N), attribute(TITLE, ScalarAttributeType.S))
                    .keySchema(key(YEAR, KeyType.HASH), key(TITLE, KeyType.RANGE))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(TITLE_INDEX)
                            .keySchema(key(TITLE, KeyType.HASH)).projection(allAttributes()).build()));
        } catch (ResourceInUseException e) {
            // another loader created it first: fine, its schema is checked below like any existing table's
            describe().ifPresent(this::checkKeys);
        } catch (SdkException e) {
            throw calls.failed("creating the table", e);
        }
    }

    private void addTitleIndex(TableDescription table) {
        // a provisioned table (the seed's: 10/10) needs capacity for the new index; an on-demand one must not get any
        ProvisionedThroughput capacity = onDemand(table) ? null : ProvisionedThroughput.builder()
                .readCapacityUnits(table.provisionedThroughput().readCapacityUnits())
                .writeCapacityUnits(table.provisionedThroughput().writeCapacityUnits()).build();
        // all of the table's definitions, not just the new key's: AWS merges them, but moto replaces the table's
        List<AttributeDefinition> definitions = new ArrayList<>(table.attributeDefinitions());
        if (!definitions.contains(attribute(TITLE, ScalarAttributeType.S))) {
            definitions.add(attribute(TITLE, ScalarAttributeType.S));
        }
        try {
            client.updateTable(b -> b.tableName(calls.table())
                    .attributeDefinitions(definitions)
                    .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                            .create(c -> c.indexName(TITLE_INDEX).keySchema(key(TITLE, KeyType.HASH))
                                    .projection(allAttributes()).provisionedThroughput(capacity))
                            .build()));
        } catch (ResourceInUseException e) {
            // another loader is adding it right now: waiting for it is all that is left to do
        } catch (SdkException e) {
            if (titleIndex(describe().orElseThrow(calls::missingTable)).isEmpty()) {
                throw calls.failed("adding " + TITLE_INDEX + " to the table", e);
            }
        }
    }

    private static boolean onDemand(TableDescription table) {
        if (table.billingModeSummary() != null && table.billingModeSummary().billingMode() != null) {
            return table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
        }
        ProvisionedThroughputDescription p = table.provisionedThroughput();
        return p == null || p.readCapacityUnits() == null || p.readCapacityUnits() == 0;
    }

    /** Waits with the SDK's waiter machinery, for a condition its generated waiters do not cover (the index). */
    private void awaitReady(boolean withIndex) {
        AtomicReference<String> last = new AtomicReference<>("not described yet");
        Waiter<DescribeTableResponse> waiter = Waiter.builder(DescribeTableResponse.class)
                .acceptors(List.of(
                        WaiterAcceptor.successOnResponseAcceptor(r -> ready(r.table(), withIndex)),
                        WaiterAcceptor.errorOnResponseAcceptor(r -> gone(r.table()), "the table is being deleted"),
                        // right after CreateTable, DescribeTable may not see the table yet
                        WaiterAcceptor.retryOnExceptionAcceptor(e -> e instanceof ResourceNotFoundException),
                        WaiterAcceptor.retryOnResponseAcceptor(r -> true)))
                .overrideConfiguration(o -> o.waitTimeout(readyTimeout)
                        .maxAttempts(Integer.MAX_VALUE)
                        .backoffStrategyV2(BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(200),
                                Duration.ofSeconds(10))))
                .build();
        try {
            waiter.run(() -> {
                DescribeTableResponse r = client.describeTable(b -> b.tableName(calls.table()));
                last.set(status(r.table()));
                return r;
            });
        } catch (SdkException e) {
            throw new StoreUnavailableException("the DynamoDB table " + calls.table() + " at " + calls.where()
                    + " did not become ACTIVE" + (withIndex ? " with its " + TITLE_INDEX : "") + " within "
                    + readyTimeout + " (last seen: " + last.get() + "): " + e.getMessage(), e);
        }
    }

    private static boolean ready(TableDescription table, boolean withIndex) {
        return table.tableStatus() == TableStatus.ACTIVE && (!withIndex || titleIndex(table)
                .map(i -> i.indexStatus() == IndexStatus.ACTIVE).orElse(false));
    }

    private static boolean gone(TableDescription table) {
        return table.tableStatus() == TableStatus.DELETING || table.tableStatus() == TableStatus.ARCHIVING
                || table.tableStatus() == TableStatus.ARCHIVED;
    }

    private static String status(TableDescription table) {
        return "table " + table.tableStatusAsString() + ", " + TITLE_INDEX + " "
                + titleIndex(table).map(GlobalSecondaryIndexDescription::indexStatusAsString).orElse("absent");
    }

    private static Optional<GlobalSecondaryIndexDescription> titleIndex(TableDescription table) {
        return table.globalSecondaryIndexes().stream().filter(i -> TITLE_INDEX.equals(i.indexName())).findFirst();
    }

    /** A table of another shape would be silently misread: refuse it, saying what was expected. */
    private void checkKeys(TableDescription table) {
        List<KeySchemaElement> expected = List.of(key(YEAR, KeyType.HASH), key(TITLE, KeyType.RANGE));
        boolean typesOk = table.attributeDefinitions().contains(attribute(YEAR, ScalarAttributeType.N))
                && table.attributeDefinitions().contains(attribute(TITLE, ScalarAttributeType.S));
        if (!table.keySchema().equals(expected) || !typesOk) {
            throw new StoreUnavailableException("the DynamoDB table " + calls.table() + " at " + calls.where()
                    + " is not a movies table: expected the key year (N, HASH) + title (S, RANGE), found "
                    + table.keySchema() + " " + table.attributeDefinitions(), null);
        }
        titleIndex(table).ifPresent(index -> {
            boolean indexOk = index.keySchema().equals(List.of(key(TITLE, KeyType.HASH)))
                    && index.projection() != null && index.projection().projectionType() == ProjectionType.ALL;
            if (!indexOk) {
                throw new StoreUnavailableException("the " + TITLE_INDEX + " of the DynamoDB table " + calls.table()
                        + " at " + calls.where() + " is not the expected one: expected HASH title with projection "
                        + "ALL, found " + index.keySchema() + " " + index.projection(), null);
            }
        });
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static Projection allAttributes() {
        return Projection.builder().projectionType(ProjectionType.ALL).build();
    }
}
