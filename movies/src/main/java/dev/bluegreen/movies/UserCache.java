package dev.bluegreen.movies;

import java.nio.file.Path;

/** bluegreen's per-user cache: {@code $XDG_CACHE_HOME/bluegreen}, else {@code ~/.cache/bluegreen}. */
public final class UserCache {

    private UserCache() {
    }

    public static Path dir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("bluegreen");
    }
}
