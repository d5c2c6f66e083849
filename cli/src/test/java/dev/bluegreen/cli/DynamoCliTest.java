package dev.bluegreen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bluegreen.testing.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader and the API on DynamoDB (moto's server), driven through the command line. */
class DynamoCliTest {

    static MotoServer moto;

    @TempDir
    Path dir;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    /** Credentials and endpoint come from the environment, as a user of AWS tools would set them. */
    private Map<String, String> aws() {
        return Map.of("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY,
                "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", moto.endpoint().toString());
    }

    @Test
    void load_creates_the_table_and_the_api_serves_it() throws Exception {
        Cli.Result load = Cli.run(dir, aws(), "load", "--store", "dynamodb", "--table", "CliMovies");
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).contains("Loaded 65 movies from the starter movies into dynamodb:CliMovies@eu-west-1");

        Cli.Result again = Cli.run(dir, aws(), "load", "--store", "dynamodb", "--table", "CliMovies");
        assertThat(again.out()).startsWith("Nothing changed: all 65 movies");

        int port = Cli.freePort();
        Process api = Cli.command(dir, aws(), "api", "--store", "dynamodb", "--table", "CliMovies", "--port",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(dir.resolve("api.log").toFile())
                .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> response = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/Query-name?title=Romeo+%2B+Juliet")).build(), HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (java.io.IOException notYet) {
                    assertThat(api.isAlive()).as(Files.readString(dir.resolve("api.log"))).isTrue();
                    Thread.sleep(200);
                }
            }
            assertThat(response).isNotNull();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"Count\":1").contains("\"Baz Luhrmann\"");
        } finally {
            api.destroy();
            api.waitFor();
        }
    }

    @Test
    void the_api_on_a_missing_table_says_how_to_create_it() throws Exception {
        Cli.Result result = Cli.run(dir, aws(), "api", "--store", "dynamodb", "--table", "NoSuchTable", "--port", "0");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("bluegreen load --store dynamodb --table NoSuchTable")
                .doesNotContain("\tat ");
    }

    @Test
    void a_bad_table_name_is_a_clear_error() throws Exception {
        Cli.Result result = Cli.run(dir, aws(), "load", "--store", "dynamodb", "--table", "x");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("a DynamoDB table name is 3 to 255 letters");
    }
}
