package dev.bluegreen.movies.dynamodb;

import static dev.bluegreen.movies.Fixtures.BARE;
import static dev.bluegreen.movies.Fixtures.PRISONERS;
import static dev.bluegreen.movies.Fixtures.RUSH_1991;
import static dev.bluegreen.movies.Fixtures.RUSH_2013;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.bluegreen.movies.Fixtures;
import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieInfo;
import dev.bluegreen.movies.MovieJson;
import dev.bluegreen.movies.MovieKey;
import dev.bluegreen.movies.MovieQuery;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.MovieStoreContract;
import dev.bluegreen.movies.StoreUnavailableException;
import dev.bluegreen.movies.UpsertResult;
import dev.bluegreen.movies.YearCount;
import dev.bluegreen.testing.MotoServer;
import dev.bluegreen.testing.SampleData;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** The contract on DynamoDB (moto's server, one per class, a new table per test), then what is DynamoDB's own. */
class DynamoMovieStoreTest extends MovieStoreContract {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final StaticCredentialsProvider TESTING = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));

    private static MotoServer moto;
    private static DynamoDbClient raw;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        raw = client(null);
    }

    @AfterAll
    static void stopMoto() {
        if (raw != null) {
            raw.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    protected MovieStore newEmptyStore() {
        return DynamoMovieStore.openOrCreate(config(newTableName()));
    }

    private static String newTableName() {
        return "movies-test-" + TABLES.incrementAndGet();
    }

    private static DynamoConfig config(String table) {
        return DynamoConfig.defaults().withTable(table).withRegion("us-east-1").withEndpoint(moto.endpoint())
                .withCredentials(TESTING);
    }

    /** A client of the test's own, to look at the table behind the store's back (or count what the store sends). */
    private static DynamoDbClient client(ExecutionInterceptor interceptor) {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TESTING).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> {
                    if (interceptor != null) {
                        o.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    private String table() {
        return ((DynamoMovieStore) store).config().tableName();
    }

    private Map<String, AttributeValue> rawItem(String table, int year, String title) {
        return raw.getItem(b -> b.tableName(table).key(Map.of("year", AttributeValue.fromN(Integer.toString(year)),
                "title", AttributeValue.fromS(title)))).item();
    }

    @Test
    void the_table_is_keyed_like_the_seed_s_and_has_an_active_title_index_projecting_everything() {
        TableDescription table = raw.describeTable(b -> b.tableName(table())).table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.keySchema()).containsExactly(key("year", KeyType.HASH), key("title", KeyType.RANGE));
        assertThat(table.attributeDefinitions()).contains(attribute("year", ScalarAttributeType.N),
                attribute("title", ScalarAttributeType.S));
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("title-index");
            assertThat(index.keySchema()).containsExactly(key("title", KeyType.HASH));
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
            assertThat(index.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        });
    }

    @Test
    void opening_an_existing_table_again_changes_nothing() {
        store.upsert(Fixtures.all());
        TableDescription before = raw.describeTable(b -> b.tableName(table())).table();
        try (DynamoMovieStore again = DynamoMovieStore.openOrCreate(config(table()));
             DynamoMovieStore reader = DynamoMovieStore.open(config(table()))) {
            assertThat(again.count()).isEqualTo(Fixtures.all().size());
            assertThat(reader.get(2013, "Rush")).contains(RUSH_2013);
        }
        TableDescription after = raw.describeTable(b -> b.tableName(table())).table();
        assertThat(after.creationDateTime()).isEqualTo(before.creationDateTime());
        assertThat(after.globalSecondaryIndexes()).isEqualTo(before.globalSecondaryIndexes());
    }

    @Test
    void a_seed_table_without_the_title_index_gets_it_and_then_titles_can_be_looked_up() {
        String name = newTableName();
        // as the original sample created it: provisioned 10/10, the key only, no index
        raw.createTable(b -> b.tableName(name)
                .keySchema(key("year", KeyType.HASH), key("title", KeyType.RANGE))
                .attributeDefinitions(attribute("year", ScalarAttributeType.N),
                        attribute("title", ScalarAttributeType.S))
                .provisionedThroughput(p -> p.readCapacityUnits(10L).writeCapacityUnits(10L)));
        raw.waiter().waitUntilTableExists(b -> b.tableName(name));
        raw.putItem(b -> b.tableName(name).item(SeedItems.of(RUSH_2013)));
        raw.putItem(b -> b.tableName(name).item(SeedItems.of(RUSH_1991)));

        assertThatThrownBy(() -> DynamoMovieStore.open(config(name)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("has no title-index")
                .hasMessageContaining("bluegreen load --store dynamodb --table " + name);

        try (DynamoMovieStore upgraded = DynamoMovieStore.openOrCreate(config(name))) {
            GlobalSecondaryIndexDescription index = raw.describeTable(b -> b.tableName(name)).table()
                    .globalSecondaryIndexes().get(0);
            assertThat(index.indexName()).isEqualTo("title-index");
            assertThat(index.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
            assertThat(index.provisionedThroughput().readCapacityUnits()).isEqualTo(10L);
            assertThat(upgraded.byTitle("Rush")).containsExactly(RUSH_1991, RUSH_2013);
            assertThat(upgraded.upsert(List.of(RUSH_1991, RUSH_2013))).isEqualTo(new UpsertResult(0, 0, 2));
        }
        try (DynamoMovieStore reader = DynamoMovieStore.open(config(name))) {
            assertThat(reader.find(MovieQuery.ofTitle("Rush"), null, 10)).containsExactly(RUSH_1991, RUSH_2013);
        }
    }

    @Test
    void items_are_stored_in_the_seed_s_shape() {
        store.upsert(Fixtures.all());
        Map<String, AttributeValue> prisoners = rawItem(table(), 2013, "Prisoners");
        assertThat(prisoners.get("year").n()).isEqualTo("2013");
        assertThat(prisoners.get("title").s()).isEqualTo("Prisoners");
        Map<String, AttributeValue> info = prisoners.get("info").m();
        assertThat(info.get("rating").n()).isEqualTo("7");
        assertThat(info.get("rank").n()).isEqualTo("3");
        assertThat(info.get("running_time_secs").n()).isEqualTo("9180");
        assertThat(info.get("directors").l()).extracting(AttributeValue::s).containsExactly("Denis Villeneuve");
        assertThat(info.get("release_date").s()).isEqualTo("2013-08-30T00:00:00Z");
        assertThat(info).doesNotContainKey("image_url");
        assertThat(rawItem(table(), 2013, "Rush").get("info").m().get("rating").n()).isEqualTo("8.3");
        assertThat(rawItem(table(), 2013, "a bare title").get("info").m()).containsOnlyKeys("rank");
        // the whole of each item is exactly what the seed's loader wrote for the same JSON
        for (Movie movie : Fixtures.all()) {
            assertThat(rawItem(table(), movie.year(), movie.title())).isEqualTo(SeedItems.of(movie));
        }
    }

    @Test
    void attributes_other_clients_added_are_ignored_when_reading() {
        Map<String, AttributeValue> item = new HashMap<>(SeedItems.of(PRISONERS));
        Map<String, AttributeValue> info = new HashMap<>(item.get("info").m());
        info.put("budget", AttributeValue.fromN("46000000"));
        item.put("info", AttributeValue.fromM(info));
        item.put("watched", AttributeValue.fromBool(true));
        raw.putItem(b -> b.tableName(table()).item(item));

        assertThat(store.get(2013, "Prisoners")).contains(PRISONERS);
        assertThat(store.find(MovieQuery.ofText("jackman"), null, 10)).containsExactly(PRISONERS);
        // equal as far as the model goes: not rewritten, so the other client's attributes survive
        assertThat(store.upsert(List.of(PRISONERS))).isEqualTo(new UpsertResult(0, 0, 1));
        assertThat(rawItem(table(), 2013, "Prisoners")).containsKey("watched");
    }

    @Test
    void a_batch_naming_a_key_twice_counts_both_and_stores_the_last() {
        Movie rerated = new Movie(2013, "Rush", new MovieInfo(null, null, new BigDecimal("9.9"), null, null, null,
                1, null, null));
        List<Movie> batch = new ArrayList<>(Fixtures.manyIn(2010, 24));
        batch.add(RUSH_2013);
        batch.addAll(Fixtures.manyIn(2011, 30));
        batch.add(rerated);
        assertThat(store.upsert(batch)).isEqualTo(new UpsertResult(55, 1, 0));
        assertThat(store.get(2013, "Rush")).contains(rerated);
        assertThat(store.count()).isEqualTo(55);
        assertThat(store.upsert(List.of(RUSH_2013, RUSH_2013))).isEqualTo(new UpsertResult(0, 1, 1));
        assertThat(store.get(2013, "Rush")).contains(RUSH_2013);
    }

    @Test
    void opening_a_missing_table_read_only_fails_saying_how_to_create_it() {
        assertThatThrownBy(() -> DynamoMovieStore.open(config("no-such-movies")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("there is no DynamoDB table no-such-movies at dynamodb:no-such-movies@us-east-1")
                .hasMessageContaining("bluegreen load --store dynamodb --table no-such-movies")
                .hasNoCause();
        assertThat(raw.listTables().tableNames()).doesNotContain("no-such-movies");
    }

    @Test
    void a_table_deleted_under_a_reader_is_reported_the_same_way() {
        raw.deleteTable(b -> b.tableName(table()));
        assertThatThrownBy(() -> store.get(2013, "Rush")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("bluegreen load --store dynamodb --table " + table());
        assertThatThrownBy(store::checkReachable).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("there is no DynamoDB table " + table());
    }

    @Test
    void an_unreachable_endpoint_is_reported_with_where_it_was_looked_for() throws Exception {
        URI nowhere;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> DynamoMovieStore.open(config("Movies").withEndpoint(nowhere)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("dynamodb:Movies@us-east-1 (" + nowhere + ")")
                .hasMessageContaining("is the endpoint right, and DynamoDB reachable from here?");
        System.out.printf("an unreachable endpoint was reported after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void it_describes_itself_by_table_region_and_endpoint() {
        assertThat(store.describe()).isEqualTo("dynamodb:" + table() + "@us-east-1 (" + moto.endpoint() + ")");
    }

    /** The whole AWS sample, through a client that counts the requests the store sends. */
    @Test
    void the_full_sample_loads_in_one_upsert_and_loading_it_again_writes_nothing() throws Exception {
        List<Movie> sample = MovieJson.MAPPER.readValue(SampleData.fullSample().toFile(),
                new TypeReference<List<Movie>>() { });
        assertThat(sample).hasSize(SampleData.MOVIES);
        RequestCounter counter = new RequestCounter();
        try (DynamoMovieStore counted = DynamoMovieStore.openOrCreate(config(table()).resolve(Map.of()),
                client(counter))) {
            long start = System.nanoTime();
            UpsertResult first = counted.upsert(sample);
            System.out.printf("the full sample (%d movies) was upserted into moto in %d ms%n", sample.size(),
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(first).isEqualTo(new UpsertResult(SampleData.MOVIES, 0, 0));
            assertThat(counter.count("BatchWriteItem")).isGreaterThanOrEqualTo(SampleData.MOVIES / 25);
            assertThat(counter.count("BatchGetItem")).as("reads from a table found empty").isZero();

            assertThat(counted.count()).isEqualTo(SampleData.MOVIES);
            List<Movie> of2013 = counted.byYear(2013);
            assertThat(of2013).hasSize(432).isSortedAccordingTo(MovieQuery.Order.TITLE_YEAR.movies())
                    .containsExactlyInAnyOrderElementsOf(sample.stream().filter(m -> m.year() == 2013).toList());
            assertThat(counted.byTitle("Rush")).extracting(Movie::year).containsExactly(1991, 2013);
            List<YearCount> years = counted.years();
            assertThat(years).hasSize(92).extracting(YearCount::count).allMatch(c -> c > 0);
            assertThat(years.stream().mapToLong(YearCount::count).sum()).isEqualTo(SampleData.MOVIES);

            // browsing from a cursor late in 2012 crosses into the following years, in (year, title) order
            MovieKey cursor = new MovieKey(2012, "The Hunger Games");
            assertThat(counted.find(MovieQuery.ALL, cursor, 1000)).containsExactlyElementsOf(sample.stream()
                    .filter(m -> MovieQuery.Order.YEAR_TITLE.keys().compare(m.key(), cursor) > 0)
                    .sorted(MovieQuery.Order.YEAR_TITLE.movies()).toList());
            // one search only: each costs a full Scan, which takes moto seconds
            MovieQuery search = MovieQuery.ofText("harrison ford");
            assertThat(counted.find(search, null, 20)).hasSizeGreaterThan(5).containsExactlyElementsOf(
                    sample.stream().filter(search::matches).sorted(search.order().movies()).limit(20).toList());

            int writes = counter.count("BatchWriteItem");
            start = System.nanoTime();
            UpsertResult again = counted.upsert(sample);
            System.out.printf("upserting it again took %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(again).isEqualTo(new UpsertResult(0, 0, SampleData.MOVIES));
            assertThat(counter.count("BatchWriteItem")).as("BatchWriteItem requests").isEqualTo(writes);
        }
    }

    @Test
    void a_year_filtered_by_text_pages_through_more_movies_than_one_query_page() {
        store.upsert(Stream.concat(Fixtures.manyIn(2013, 250).stream(), Fixtures.all().stream()).toList());
        MovieQuery query = new MovieQuery(2013, null, "actor 24");
        List<Movie> found = store.find(query, null, 20);
        assertThat(found).extracting(Movie::title).containsExactly("Film 024", "Film 240", "Film 241", "Film 242",
                "Film 243", "Film 244", "Film 245", "Film 246", "Film 247", "Film 248", "Film 249");
        assertThat(store.find(query, new MovieKey(2013, "Film 245"), 3)).extracting(Movie::title)
                .containsExactly("Film 246", "Film 247", "Film 248");
        // a cursor from an earlier year lets this year's movie with the cursor's own title through
        assertThat(store.find(MovieQuery.ofYear(2013), new MovieKey(2012, "Rush"), 2)).containsExactly(RUSH_2013,
                BARE);
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    /** Counts API calls (not attempts) by operation, e.g. {@code BatchWriteItem}. */
    private static final class RequestCounter implements ExecutionInterceptor {
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = context.request().getClass().getSimpleName().replaceFirst("Request$", "");
            calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        }

        int count(String operation) {
            return calls.getOrDefault(operation, new AtomicInteger()).get();
        }
    }
}
