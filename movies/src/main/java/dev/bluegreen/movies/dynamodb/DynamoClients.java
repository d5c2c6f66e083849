package dev.bluegreen.movies.dynamodb;

import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds the one DynamoDB client a store uses, from a resolved {@link DynamoConfig}. */
final class DynamoClients {

    /**
     * More than the SDK's DynamoDB default (9 with a 25 ms base delay, full jitter): a bulk load on an on-demand
     * table that is still scaling gets throttled for a while, and a failed load is costlier than a slow one.
     */
    static final int MAX_ATTEMPTS = 12;

    private DynamoClients() {
    }

    static DynamoDbClient build(DynamoConfig resolved) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(resolved.region()))
                // the JDK's transport: the SDK's Apache and Netty clients are excluded from the build
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                // keep the SDK's DynamoDB strategy (its backoff, its throttling detection), only allow more attempts
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(MAX_ATTEMPTS)));
        if (resolved.endpoint() != null) {
            builder.endpointOverride(resolved.endpoint());
        }
        if (resolved.credentials() != null) {
            builder.credentialsProvider(resolved.credentials());
        }
        return builder.build();
    }
}
