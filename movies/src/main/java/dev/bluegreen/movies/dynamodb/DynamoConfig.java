package dev.bluegreen.movies.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where the movies table is and how to talk to it. Only the table name has a fixed default; region and endpoint
 * come from the environment when not given (see {@link #resolve(Map)}), credentials from the SDK's default chain
 * when {@code credentials} is null.
 *
 * @param tableName    the table, {@code Movies} like the seed's
 * @param region       e.g. {@code eu-west-1}; null: {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else
 *                     {@value #DEFAULT_REGION}
 * @param endpoint     e.g. moto's or DynamoDB Local's URL; null: {@code AWS_ENDPOINT_URL_DYNAMODB}, else
 *                     {@code AWS_ENDPOINT_URL}, else the region's AWS endpoint
 * @param credentials  null: the SDK's default chain (environment, profile, container role, ...)
 * @param writers      how many batch requests an upsert sends in parallel
 * @param readyTimeout how long opening waits for the table and its index to become ACTIVE (a new index on a
 *                     populated table takes minutes on AWS)
 */
public record DynamoConfig(String tableName, String region, URI endpoint, AwsCredentialsProvider credentials,
                           int writers, Duration readyTimeout) {

    public static final String DEFAULT_TABLE = "Movies";
    /** The documented fallback when neither the configuration nor the environment names a region. */
    public static final String DEFAULT_REGION = "us-east-1";
    public static final int DEFAULT_WRITERS = 8;
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(15);

    public DynamoConfig {
        tableName = tableName == null ? DEFAULT_TABLE : tableName;
        if (!tableName.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("a DynamoDB table name is 3 to 255 letters, digits, '_', '-' or '.'"
                    + ", got '" + tableName + "'");
        }
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be at least 1, got " + writers);
        }
        readyTimeout = readyTimeout == null ? DEFAULT_READY_TIMEOUT : readyTimeout;
    }

    /** The {@code Movies} table, everything else from the environment. */
    public static DynamoConfig defaults() {
        return new DynamoConfig(DEFAULT_TABLE, null, null, null, DEFAULT_WRITERS, DEFAULT_READY_TIMEOUT);
    }

    public DynamoConfig withTable(String name) {
        return new DynamoConfig(name, region, endpoint, credentials, writers, readyTimeout);
    }

    public DynamoConfig withRegion(String name) {
        return new DynamoConfig(tableName, name, endpoint, credentials, writers, readyTimeout);
    }

    public DynamoConfig withEndpoint(URI uri) {
        return new DynamoConfig(tableName, region, uri, credentials, writers, readyTimeout);
    }

    public DynamoConfig withCredentials(AwsCredentialsProvider provider) {
        return new DynamoConfig(tableName, region, endpoint, provider, writers, readyTimeout);
    }

    public DynamoConfig withWriters(int count) {
        return new DynamoConfig(tableName, region, endpoint, credentials, count, readyTimeout);
    }

    public DynamoConfig withReadyTimeout(Duration timeout) {
        return new DynamoConfig(tableName, region, endpoint, credentials, writers, timeout);
    }

    /**
     * This configuration with region and endpoint filled in from {@code env} where not given. Resolved here rather
     * than left to the SDK so that {@code describe()} tells the truth about where the data is.
     */
    public DynamoConfig resolve(Map<String, String> env) {
        String r = firstNonBlank(region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), DEFAULT_REGION);
        URI e = endpoint;
        if (e == null) {
            String fromEnv = firstNonBlank(env.get("AWS_ENDPOINT_URL_DYNAMODB"), env.get("AWS_ENDPOINT_URL"));
            if (fromEnv != null) {
                try {
                    e = URI.create(fromEnv.trim());
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("AWS_ENDPOINT_URL(_DYNAMODB) is not a URL: " + fromEnv, bad);
                }
            }
        }
        return new DynamoConfig(tableName, r, e, credentials, writers, readyTimeout);
    }

    /** Never prints the credentials provider: some providers' own toString shows the access key id. */
    @Override
    public String toString() {
        return "DynamoConfig[table=" + tableName + ", region=" + region + ", endpoint=" + endpoint + ", credentials="
                + (credentials == null ? "default chain" : "given") + ", writers=" + writers + ", readyTimeout="
                + readyTimeout + "]";
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
