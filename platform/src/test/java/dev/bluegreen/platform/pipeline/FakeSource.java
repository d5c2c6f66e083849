package dev.bluegreen.platform.pipeline;

import dev.bluegreen.core.pipeline.Commit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A repository of made-up commits; a checkout writes one file naming the commit. */
final class FakeSource implements Source {

    static final String CHECKED_OUT = "COMMIT";

    private final Map<String, Commit> commits = new ConcurrentHashMap<>();
    volatile RuntimeException checkoutFailure;
    /** The app's release.yml in every checkout, or none when null. */
    volatile String releaseFile;

    Commit commit(String subject) {
        Commit commit = new Commit(String.format("%02xc0ffee", commits.size() + 1), "Ada Lovelace", subject,
                Instant.now());
        commits.put(commit.id(), commit);
        return commit;
    }

    @Override
    public Commit resolve(String ref) {
        Commit commit = commits.get(ref);
        if (commit == null) {
            throw new IllegalArgumentException("no commit '" + ref + "' in the app repository");
        }
        return commit;
    }

    @Override
    public void checkout(String commitId, Path into) {
        if (checkoutFailure != null) {
            throw checkoutFailure;
        }
        try {
            Files.writeString(into.resolve(CHECKED_OUT), commitId);
            if (releaseFile != null) {
                Files.writeString(into.resolve("release.yml"), releaseFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
