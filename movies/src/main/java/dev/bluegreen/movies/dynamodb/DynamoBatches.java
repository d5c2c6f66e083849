package dev.bluegreen.movies.dynamodb;

import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieKey;
import dev.bluegreen.movies.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchGetItem and BatchWriteItem over any number of movies: split into DynamoDB's per-request limits, sent in
 * parallel on the store's small pool, with what DynamoDB left unprocessed (it does so under load instead of failing)
 * sent again after an exponential, jittered pause. The SDK's own retries cover whole requests that fail; these
 * cover the partial successes it cannot see.
 */
final class DynamoBatches {

    static final int MAX_GET_KEYS = 100;
    static final int MAX_WRITE_ITEMS = 25;
    /**
     * Rounds for what DynamoDB leaves unprocessed. With the backoff below (full jitter, 50 ms doubling up to 10 s)
     * that is at most about 23 s of pauses, on top of the SDK's own retries of each request.
     */
    static final int MAX_ROUNDS = 10;

    private static final BackoffStrategy BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(50),
            Duration.ofSeconds(10));

    private final DynamoDbClient client;
    private final DynamoCalls calls;
    private final ExecutorService pool;

    DynamoBatches(DynamoDbClient client, DynamoCalls calls, ExecutorService pool) {
        this.client = client;
        this.calls = calls;
        this.pool = pool;
    }

    /** The stored movies among {@code keys} (absent ones are simply missing from the map). */
    Map<MovieKey, Movie> getAll(List<MovieKey> keys, boolean consistent) {
        Map<MovieKey, Movie> found = new HashMap<>();
        for (List<Movie> part : inParallel(chunks(keys, MAX_GET_KEYS), chunk -> get(chunk, consistent))) {
            part.forEach(m -> found.put(m.key(), m));
        }
        return found;
    }

    /** Puts every movie, whole; throws naming how many were not written when DynamoDB kept refusing some. */
    void putAll(List<Movie> movies) {
        List<Integer> notWritten = inParallel(chunks(movies, MAX_WRITE_ITEMS), this::put);
        int failed = notWritten.stream().mapToInt(Integer::intValue).sum();
        if (failed > 0) {
            throw new StoreUnavailableException(failed + " of " + movies.size() + " movies were not written to "
                    + calls.where() + ": DynamoDB still refused them after " + MAX_ROUNDS + " attempts (throttled?)."
                    + " The others were written; upserting the same batch again is safe.", null);
        }
    }

    private List<Movie> get(List<MovieKey> keys, boolean consistent) {
        List<Movie> found = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = keys.stream().map(MovieItems::key).toList();
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            KeysAndAttributes request = KeysAndAttributes.builder().keys(pending).consistentRead(consistent).build();
            try {
                BatchGetItemResponse response = calls.call("reading a batch of movies",
                        () -> client.batchGetItem(b -> b.requestItems(Map.of(calls.table(), request))));
                response.responses().getOrDefault(calls.table(), List.of())
                        .forEach(item -> found.add(MovieItems.fromItem(item)));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(calls.table());
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            } catch (StoreUnavailableException e) {
                rethrowUnlessThrottled(e);
            }
            if (pending.isEmpty()) {
                return found;
            }
            pauseBefore(round + 1);
        }
        throw new StoreUnavailableException(pending.size() + " of " + keys.size() + " movies could not be read from "
                + calls.where() + ": DynamoDB still refused them after " + MAX_ROUNDS + " attempts (throttled?)", null);
    }

    /** Returns how many items were still unwritten when the rounds ran out. */
    private Integer put(List<Movie> movies) {
        List<WriteRequest> pending = movies.stream()
                .map(m -> WriteRequest.builder().putRequest(PutRequest.builder().item(MovieItems.toItem(m)).build())
                        .build())
                .toList();
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            List<WriteRequest> sending = pending;
            try {
                BatchWriteItemResponse response = calls.call("writing a batch of movies",
                        () -> client.batchWriteItem(b -> b.requestItems(Map.of(calls.table(), sending))));
                pending = response.unprocessedItems().getOrDefault(calls.table(), List.of());
            } catch (StoreUnavailableException e) {
                rethrowUnlessThrottled(e);
            }
            if (pending.isEmpty()) {
                return 0;
            }
            pauseBefore(round + 1);
        }
        return pending.size();
    }

    /** A request still throttled after the SDK's own retries: the table needs more time, the next round gives it. */
    private static void rethrowUnlessThrottled(StoreUnavailableException e) {
        if (!(e.getCause() instanceof SdkServiceException s && s.isThrottlingException())) {
            throw e;
        }
    }

    private static void pauseBefore(int round) {
        if (round > MAX_ROUNDS) {
            return;
        }
        try {
            Thread.sleep(BACKOFF.computeDelay(round).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting to retry a DynamoDB batch", e);
        }
    }

    /**
     * Runs the work for each chunk on the pool and waits for all of it, even after a failure, so that nothing is
     * still writing when the caller hears about the first error.
     */
    private <A, R> List<R> inParallel(List<List<A>> chunks, Function<List<A>, R> work) {
        if (chunks.size() == 1) {
            return List.of(work.apply(chunks.get(0)));
        }
        List<Future<R>> futures = new ArrayList<>(chunks.size());
        for (List<A> chunk : chunks) {
            futures.add(pool.submit(() -> work.apply(chunk)));
        }
        List<R> results = new ArrayList<>(chunks.size());
        RuntimeException first = null;
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r
                            : new StoreUnavailableException("a DynamoDB batch failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new StoreUnavailableException("interrupted while writing to " + calls.where(), e);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return chunks;
    }
}
