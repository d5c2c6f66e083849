package dev.bluegreen.api;

import dev.bluegreen.movies.MovieStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered answers, kept while the store's version stays the same: movies change only when a loader runs, and
 * then the version moves and every entry is stale. Bounded: when full it starts over, which is cheap and
 * keeps the hot entries after a moment.
 */
final class ResponseCache {

    record Entry(long version, byte[] body, String etag) {
    }

    static final int MAX_ENTRIES = 2_000;

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
        Entry entry = new Entry(version, body, "\"" + version + "-" + Integer.toHexString(java.util.Arrays.hashCode(body))
                + "\"");
        if (version >= 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, entry);
        }
        return entry;
    }
}
