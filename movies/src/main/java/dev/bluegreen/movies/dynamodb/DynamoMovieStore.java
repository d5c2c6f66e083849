package dev.bluegreen.movies.dynamodb;

import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieKey;
import dev.bluegreen.movies.MovieQuery;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.UpsertResult;
import dev.bluegreen.movies.YearCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The movies in a DynamoDB table of the seed's shape (see {@link MovieItems}) with a {@code title-index} GSI (see
 * {@link MoviesTable}). Thread-safe: one SDK client, and a small fixed pool for the batches of an upsert.
 *
 * <p>{@link #find} with free text alone costs a Scan of the whole table (see {@link MovieFinder}).
 */
public final class DynamoMovieStore implements MovieStore {

    /**
     * Browsing walks the years; listing them costs a Scan, so the list is kept this long (and dropped when this
     * store writes). Another writer's brand-new year shows up in browsing after at most this delay.
     */
    static final Duration YEARS_TTL = Duration.ofSeconds(30);

    private final DynamoConfig config;
    private final DynamoDbClient client;
    private final DynamoCalls calls;
    private final ExecutorService pool;
    private final DynamoReads reads;
    private final DynamoBatches batches;
    private final MovieFinder finder;
    private volatile CachedYears cachedYears;
    /**
     * The keys this store has written since it found the table empty, or null when it did not (or they grew too
     * many): those are the only keys that can exist, so a load into a new table reads nothing back.
     */
    private Set<MovieKey> writtenToEmptyTable;
    private boolean emptinessChecked;
    static final int MAX_REMEMBERED_KEYS = 1_000_000;

    private DynamoMovieStore(DynamoConfig config, DynamoDbClient client) {
        this.config = config;
        this.client = client;
        this.calls = new DynamoCalls(config.tableName(), where(config));
        this.pool = Executors.newFixedThreadPool(config.writers(), daemonThreads());
        this.reads = new DynamoReads(client, calls);
        this.batches = new DynamoBatches(client, calls, pool);
        this.finder = new MovieFinder(reads, batches, this::yearList);
    }

    /**
     * What a loader wants: creates the table (and its {@code title-index}) when absent, adds the index to a table
     * that lacks it (the seed's), and returns once both are ACTIVE.
     */
    public static DynamoMovieStore openOrCreate(DynamoConfig config) {
        DynamoConfig resolved = config.resolve(System.getenv());
        return openOrCreate(resolved, DynamoClients.build(resolved));
    }

    /**
     * What a reader (the API) wants: never creates or alters anything; fails with a message saying how to create
     * the table when it or its index is missing.
     */
    public static DynamoMovieStore open(DynamoConfig config) {
        DynamoConfig resolved = config.resolve(System.getenv());
        return open(resolved, DynamoClients.build(resolved));
    }

    /** With a client of the caller's (tests count the requests it sends); the store closes it. */
    static DynamoMovieStore openOrCreate(DynamoConfig resolved, DynamoDbClient client) {
        return start(resolved, client, true);
    }

    static DynamoMovieStore open(DynamoConfig resolved, DynamoDbClient client) {
        return start(resolved, client, false);
    }

    private static DynamoMovieStore start(DynamoConfig resolved, DynamoDbClient client, boolean create) {
        DynamoMovieStore store = new DynamoMovieStore(resolved, client);
        try {
            MoviesTable table = new MoviesTable(client, store.calls, resolved.readyTimeout());
            if (create) {
                table.createOrUpgrade();
            } else {
                table.requireReady();
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The configuration in use, with region and endpoint as resolved from the environment. */
    public DynamoConfig config() {
        return config;
    }

    @Override
    public Optional<Movie> get(int year, String title) {
        return reads.get(year, title);
    }

    @Override
    public List<Movie> byYear(int year) {
        return reads.byYear(year);
    }

    @Override
    public List<Movie> byTitle(String title) {
        return reads.byTitle(title);
    }

    @Override
    public List<Movie> find(MovieQuery query, MovieKey after, int limit) {
        return finder.find(query, after, limit);
    }

    @Override
    public List<YearCount> years() {
        TreeMap<Integer, Long> counts = new TreeMap<>();
        for (Map<String, AttributeValue> item : reads.scan("listing the years", List.of(MovieItems.YEAR))) {
            counts.merge(Integer.parseInt(item.get(MovieItems.YEAR).n()), 1L, Long::sum);
        }
        cachedYears = new CachedYears(List.copyOf(counts.keySet()), System.nanoTime() + YEARS_TTL.toNanos());
        List<YearCount> years = new ArrayList<>(counts.size());
        counts.forEach((year, count) -> years.add(new YearCount(year, count)));
        return years;
    }

    private List<Integer> yearList() {
        CachedYears cached = cachedYears;
        if (cached == null || System.nanoTime() - cached.expires() > 0) {
            years();
            cached = cachedYears;
        }
        return cached.years();
    }

    /**
     * Reads what is stored (consistently, in batches of 100), works out what the batch does to each key in order
     * (a key given twice counts twice, as in SQLite), and writes only the keys whose final movie differs from the
     * stored one, once each: BatchWriteItem refuses a request that names the same key twice.
     */
    @Override
    public UpsertResult upsert(List<Movie> batch) {
        if (batch.isEmpty()) {
            return UpsertResult.NONE;
        }
        Map<MovieKey, Movie> last = new LinkedHashMap<>();
        batch.forEach(m -> last.put(m.key(), m));
        Map<MovieKey, Movie> stored = storedBefore(List.copyOf(last.keySet()));
        Map<MovieKey, Movie> current = new LinkedHashMap<>(stored);
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        for (Movie movie : batch) {
            Movie before = current.put(movie.key(), movie);
            if (before == null) {
                inserted++;
            } else if (before.equals(movie)) {
                unchanged++;
            } else {
                updated++;
            }
        }
        List<Movie> changed = last.values().stream().filter(m -> !m.equals(stored.get(m.key()))).toList();
        if (!changed.isEmpty()) {
            try {
                batches.putAll(changed);
            } finally {
                // even a partly failed write may have added a year, and keys
                cachedYears = null;
                remember(last.keySet());
            }
        }
        return new UpsertResult(inserted, updated, unchanged);
    }

    /** What the table holds for these keys now; reads only what can be there (see writtenToEmptyTable). */
    private Map<MovieKey, Movie> storedBefore(List<MovieKey> keys) {
        List<MovieKey> toRead = keys;
        synchronized (this) {
            if (!emptinessChecked) {
                emptinessChecked = true;
                writtenToEmptyTable = reads.isEmpty() ? new HashSet<>() : null;
            }
            if (writtenToEmptyTable != null) {
                toRead = keys.stream().filter(writtenToEmptyTable::contains).toList();
            }
        }
        return toRead.isEmpty() ? Map.of() : batches.getAll(toRead, true);
    }

    private synchronized void remember(Set<MovieKey> written) {
        if (writtenToEmptyTable != null) {
            writtenToEmptyTable.addAll(written);
            if (writtenToEmptyTable.size() > MAX_REMEMBERED_KEYS) {
                writtenToEmptyTable = null;
            }
        }
    }

    /** Scans with Select COUNT: DescribeTable's ItemCount is only refreshed every six hours or so. */
    @Override
    public long count() {
        return reads.count();
    }

    @Override
    public void checkReachable() {
        calls.call("describing the table", () -> client.describeTable(b -> b.tableName(config.tableName())
                // a health check must answer soon, not after the SDK's dozen retries against a dead endpoint
                .overrideConfiguration(o -> o.apiCallTimeout(MoviesTable.DESCRIBE_TIMEOUT))));
    }

    /** E.g. {@code dynamodb:Movies@eu-west-1} or {@code dynamodb:Movies@us-east-1 (http://127.0.0.1:5000)}. */
    @Override
    public String describe() {
        return calls.where();
    }

    private static String where(DynamoConfig resolved) {
        return "dynamodb:" + resolved.tableName() + "@" + resolved.region()
                + (resolved.endpoint() == null ? "" : " (" + resolved.endpoint() + ")");
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "dynamodb-writer-" + n.incrementAndGet());
            // a forgotten close() must not keep a CLI or a test JVM alive
            t.setDaemon(true);
            return t;
        };
    }

    private record CachedYears(List<Integer> years, long expires) {
    }
}
