package dev.bluegreen.movies.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where movies come from: a file in the AWS moviedata.json format, readable more than once (validate, then load). */
public record MovieSource(String name, Opener opener) {

    private static final String STARTER = "/dev/bluegreen/movies/starter-movies.json";

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public static MovieSource file(Path path) {
        return new MovieSource(path.toString(), () -> {
            try {
                return Files.newInputStream(path);
            } catch (NoSuchFileException e) {
                throw new MovieFileException(path + ": no such file");
            }
        });
    }

    /** The small data set that ships with bluegreen, so that everything works offline. */
    public static MovieSource starter() {
        return new MovieSource("the starter movies", () -> {
            InputStream in = MovieSource.class.getResourceAsStream(STARTER);
            if (in == null) {
                throw new IOException("starter data " + STARTER + " missing from the build");
            }
            return in;
        });
    }

    InputStream open() throws IOException {
        return opener.open();
    }
}
