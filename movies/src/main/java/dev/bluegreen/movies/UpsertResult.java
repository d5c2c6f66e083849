package dev.bluegreen.movies;

/** What an upsert did: how many movies were new, changed, or already stored exactly as given. */
public record UpsertResult(long inserted, long updated, long unchanged) {

    public static final UpsertResult NONE = new UpsertResult(0, 0, 0);

    public UpsertResult plus(UpsertResult other) {
        return new UpsertResult(inserted + other.inserted, updated + other.updated, unchanged + other.unchanged);
    }

    public long total() {
        return inserted + updated + unchanged;
    }

    public boolean changedNothing() {
        return inserted == 0 && updated == 0;
    }
}
