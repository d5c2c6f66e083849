package dev.bluegreen.movies.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bluegreen.testing.SampleData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server on loopback that plays the part of docs.aws.amazon.com. */
class AwsSampleTest {

    @TempDir
    Path cache;
    HttpServer server;
    volatile byte[] body;
    volatile int status = 200;
    final AtomicInteger downloads = new AtomicInteger();
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/samples/moviedata.zip", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AwsSample sample() {
        return new AwsSample(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/samples/moviedata.zip"), cache, log::add);
    }

    private static byte[] zip(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void the_sample_is_downloaded_checked_cached_and_then_used_offline() throws IOException {
        body = zip("moviedata.json", Files.readAllBytes(SampleData.fullSample()));

        Path first = sample().fetch();
        assertThat(first).isEqualTo(cache.resolve("moviedata.json"));
        assertThat(AwsSample.sha256(first)).isEqualTo(AwsSample.SHA256);
        assertThat(downloads).hasValue(1);

        server.stop(0);
        Path second = sample().fetch();
        assertThat(second).isEqualTo(first);
        assertThat(log).last().asString().startsWith("Using the cached AWS sample");
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactly(first);
        }
    }

    @Test
    void a_sample_with_other_content_is_refused_and_not_cached() throws IOException {
        body = zip("moviedata.json", "[{\"year\": 2013, \"title\": \"Rush\"}]".getBytes());
        assertThatThrownBy(() -> sample().fetch()).isInstanceOf(MovieFileException.class)
                .hasMessageContaining("has sha256").hasMessageContaining("expected " + AwsSample.SHA256);
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_download_that_is_not_the_zip_is_refused_clearly() throws IOException {
        body = "<html>maintenance</html>".getBytes();
        assertThatThrownBy(() -> sample().fetch()).hasMessageContaining("is not a valid zip file");

        body = zip("other.json", "[]".getBytes());
        assertThatThrownBy(() -> sample().fetch()).hasMessageContaining("has no moviedata.json");

        status = 404;
        assertThatThrownBy(() -> sample().fetch()).hasMessageContaining("failed: HTTP 404");
    }

    @Test
    void no_network_says_how_to_load_a_local_copy() {
        AwsSample unreachable = new AwsSample(URI.create("http://127.0.0.1:1/moviedata.zip"), cache, log::add);
        assertThatThrownBy(unreachable::fetch).isInstanceOf(MovieFileException.class)
                .hasMessageContaining("load a local copy with: bluegreen load FILE");
    }
}
