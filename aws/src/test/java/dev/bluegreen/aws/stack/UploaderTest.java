package dev.bluegreen.aws.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bluegreen.aws.AwsException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A template bucket named like someone else's: S3 answers 403 to any call that expects another owner than the
 * bucket's (moto ignores the expected owner, so S3 is played here at the HTTP level, as it answers a HeadBucket).
 */
class UploaderTest {

    @TempDir
    Path dir;

    @Test
    void a_bucket_of_another_account_is_refused_before_anything_is_uploaded() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer s3 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s3.createContext("/", exchange -> {
            String owner = exchange.getRequestHeaders().getFirst("x-amz-expected-bucket-owner");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " expecting " + owner);
            // the bucket belongs to 999999999999: S3 refuses whoever expects another owner
            exchange.sendResponseHeaders("999999999999".equals(owner) ? 200 : 403, -1);
            exchange.close();
        });
        s3.start();
        Path zip = Files.writeString(dir.resolve("platform.zip"), "zip");
        try (S3Client client = S3Client.builder().forcePathStyle(true).region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + s3.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            List<String> said = new CopyOnWriteArrayList<>();

            assertThatThrownBy(() -> new Uploader(client, "111122223333", said::add).upload("their-bucket",
                    "eu-west-1", "shop", Templates.builtIn(), new byte[] {1}, zip))
                    .isInstanceOf(AwsException.class)
                    .hasMessage("bucket their-bucket exists but is not this account's (111122223333), or these "
                            + "credentials may not use it (403): S3 bucket names are global, choose another --bucket");

            assertThat(requests).containsExactly("HEAD /their-bucket expecting 111122223333");
            assertThat(said).isEmpty();
        } finally {
            s3.stop(0);
        }
    }
}
