package dev.bluegreen.web.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The site's static files, read into memory at start-up: a running version serves exactly the files it started
 * with (a site directory rewritten under it cannot mix two releases), and a request never touches the file system,
 * so no path can escape the directory.
 */
public final class StaticFiles {

    static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 50L * 1024 * 1024;
    static final List<String> BUILT_IN = List.of("style.css", "no-poster.svg");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"));

    /** One file: its bytes, its content type and a strong ETag over its bytes. */
    public record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets;

    private StaticFiles(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** The built-in files, then those of {@code dir/static} (if any) over them. */
    static StaticFiles load(Path dir) {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            assets.put(name, asset(name, SiteFiles.builtIn("static/" + name)));
        }
        Path root = dir == null ? null : dir.resolve("static");
        if (root != null && Files.isDirectory(root)) {
            long total = 0;
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    if (hidden(name)) {
                        continue;
                    }
                    byte[] bytes = SiteFiles.read(file, MAX_FILE_BYTES);
                    total += bytes.length;
                    if (total > MAX_TOTAL_BYTES) {
                        throw new SiteException(root + ": more than " + MAX_TOTAL_BYTES + " bytes of static files");
                    }
                    assets.put(name, asset(name, bytes));
                }
            } catch (IOException e) {
                throw new SiteException(root + ": cannot list: " + e, e);
            }
        }
        return new StaticFiles(assets);
    }

    /** Dot files (.gitkeep, .DS_Store) and files in dot directories are never served. */
    private static boolean hidden(String name) {
        return name.startsWith(".") || name.contains("/.");
    }

    private static Asset asset(String name, byte[] bytes) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return new Asset(bytes, TYPES.getOrDefault(extension, "application/octet-stream"), etag(bytes));
    }

    public static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file at this path below {@code /static/}. */
    public Optional<Asset> get(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    public int size() {
        return assets.size();
    }
}
