package dev.bluegreen.movies.loader;

import dev.bluegreen.movies.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * AWS's sample data set, from the DynamoDB developer guide: downloaded once, checked against the known
 * checksum of its moviedata.json, and cached so that later loads work offline.
 */
public final class AwsSample {

    public static final URI DEFAULT_URL =
            URI.create("https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/samples/moviedata.zip");
    /** sha256 of the moviedata.json inside moviedata.zip (4,609 movies). */
    public static final String SHA256 = "dabc85562f4f5d6183b58271e305307c88f14609fc83c1d869f8eb8d910d029d";
    static final String ENTRY = "moviedata.json";

    private final URI url;
    private final Path cacheDir;
    private final Consumer<String> log;

    public AwsSample(URI url, Path cacheDir, Consumer<String> log) {
        this.url = url;
        this.cacheDir = cacheDir;
        this.log = log;
    }

    public static Path defaultCacheDir() {
        return UserCache.dir();
    }

    /** The verified moviedata.json, from the cache or freshly downloaded. */
    public Path fetch() {
        Path cached = cacheDir.resolve(ENTRY);
        if (Files.isRegularFile(cached) && SHA256.equals(sha256(cached))) {
            log.accept("Using the cached AWS sample " + cached);
            return cached;
        }
        try {
            Files.createDirectories(cacheDir);
            Path zip = Files.createTempFile(cacheDir, "moviedata", ".zip.part");
            Path json = Files.createTempFile(cacheDir, "moviedata", ".json.part");
            try {
                download(zip);
                String digest = extract(zip, json);
                if (!SHA256.equals(digest)) {
                    throw new MovieFileException("the downloaded " + ENTRY + " has sha256 " + digest + ", expected "
                            + SHA256 + "; refusing to load data that is not AWS's sample (from " + url + ")");
                }
                Files.move(json, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.accept("Cached the AWS sample in " + cached);
                return cached;
            } finally {
                Files.deleteIfExists(zip);
                Files.deleteIfExists(json);
            }
        } catch (IOException e) {
            throw new MovieFileException("cannot cache the AWS sample in " + cacheDir + ": " + e.getMessage());
        }
    }

    private void download(Path zip) throws IOException {
        log.accept("Downloading " + url);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).GET().build();
        try {
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(zip));
            if (response.statusCode() != 200) {
                throw new MovieFileException("downloading " + url + " failed: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new MovieFileException("downloading " + url + " failed: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage())
                    + " (no network? load a local copy with: bluegreen load FILE)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MovieFileException("downloading " + url + " was interrupted");
        }
    }

    /** Extracts moviedata.json from the zip into {@code json}; returns its sha256. */
    private String extract(Path zip, Path json) {
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            ZipEntry entry = zipFile.stream().filter(e -> !e.isDirectory())
                    .filter(e -> e.getName().equals(ENTRY) || e.getName().endsWith("/" + ENTRY))
                    .findFirst()
                    .orElseThrow(() -> new MovieFileException("the download from " + url + " has no " + ENTRY));
            MessageDigest sha = sha256Digest();
            try (InputStream in = zipFile.getInputStream(entry);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(json), sha)) {
                in.transferTo(out);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.util.zip.ZipException e) {
            throw new MovieFileException("the download from " + url + " is not a valid zip file: " + e.getMessage());
        } catch (IOException e) {
            throw new MovieFileException("the download from " + url + " cannot be read: " + e.getMessage());
        }
    }

    static String sha256(Path file) {
        MessageDigest sha = sha256Digest();
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            in.transferTo(out);
        } catch (IOException e) {
            return "";
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
