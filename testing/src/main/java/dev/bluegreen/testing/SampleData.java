package dev.bluegreen.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the full AWS sample (4,609 movies), which lives beside the repository and is never copied into it:
 * {@code $BLUEGREEN_MOVIEDATA}, else {@code shared/data/moviedata.json} in a parent of the working directory,
 * else {@code /work/shared/data/moviedata.json}. Missing is a failure, not a skip.
 */
public final class SampleData {

    public static final int MOVIES = 4609;

    private SampleData() {
    }

    public static Path fullSample() {
        String fromEnv = System.getenv("BLUEGREEN_MOVIEDATA");
        if (fromEnv != null && Files.isRegularFile(Path.of(fromEnv))) {
            return Path.of(fromEnv);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/moviedata.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Path fallback = Path.of("/work/shared/data/moviedata.json");
        if (Files.isRegularFile(fallback)) {
            return fallback;
        }
        throw new IllegalStateException("The full AWS sample moviedata.json was not found: set BLUEGREEN_MOVIEDATA "
                + "to its path (it is never copied into the repository)");
    }
}
