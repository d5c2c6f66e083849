package dev.bluegreen.api;

import dev.bluegreen.movies.MovieStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Rendered answers, kept while the store's version stays the same: movies change only when a loader runs, and
 * then the version moves and every entry is stale. Each answer is kept plain and gzipped, so that serving either
 * costs one write. Bounded: when full it starts over, which is cheap and keeps the hot entries after a moment.
 */
final class ResponseCache {

    /** One answer in both encodings, each with its own entity tag. */
    record Entry(long version, byte[] body, String etag, byte[] gzipped, String gzippedEtag) {
    }

    static final int MAX_ENTRIES = 2_000;
    /** Below this, compressing costs more than it saves. */
    static final int MIN_GZIP_BYTES = 1_024;

    private final MovieStore store;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ResponseCache(MovieStore store) {
        this.store = store;
    }

    /** The store's version now, or -1 when answers must not be cached. */
    long version() {
        return store.version();
    }

    Entry get(String key, long version) {
        Entry entry = entries.get(key);
        return entry != null && entry.version() == version ? entry : null;
    }

    Entry put(String key, long version, byte[] body) {
        String tag = version + "-" + Integer.toHexString(Arrays.hashCode(body));
        byte[] gzipped = body.length >= MIN_GZIP_BYTES ? gzip(body) : null;
        Entry entry = new Entry(version, body, "\"" + tag + "\"", gzipped, "\"" + tag + "-gzip\"");
        if (version >= 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, entry);
        }
        return entry;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
