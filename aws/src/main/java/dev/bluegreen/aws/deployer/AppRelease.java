package dev.bluegreen.aws.deployer;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.appconfig.release.ReleaseFile;
import dev.bluegreen.core.release.ReleaseStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The app's own release strategy, from the {@code release.yml} at the root of its checkout (beside
 * {@code buildspec.yml} and {@code checks.yml}), which the Discover step has as its second input. The Flip action gets
 * it as the pipeline variable {@code DiscoverVars.APP_RELEASE_STRATEGY} ({@link #NONE} when the app has none).
 *
 * <p>The file is read by app-config's {@code ReleaseFile}, the local pipeline's own reader, so a strategy means the
 * same on both runtimes; a broken file fails the Discover step naming the file and the line.
 */
public final class AppRelease {

    public static final String FILE_NAME = "release.yml";
    /** What the app's strategy is when it has no release.yml: a pipeline variable cannot be empty. */
    public static final String NONE = "none";

    /** What the packaged Discover step reads with. */
    public static final AppRelease APP_CONFIG = new AppRelease(ReleaseFile::read, line -> { });

    private final Function<Path, ReleaseStrategy> parser;
    private final Consumer<String> notes;

    /**
     * @param parser reads a release.yml, throwing {@link AppConfigException} (naming the file and the line) when it is
     *               not valid
     * @param notes  takes a sentence for the step's log
     */
    public AppRelease(Function<Path, ReleaseStrategy> parser, Consumer<String> notes) {
        this.parser = parser;
        this.notes = notes;
    }

    /** The same, saying what it notices to {@code notes}. */
    public AppRelease saying(Consumer<String> to) {
        return new AppRelease(parser, to);
    }

    /**
     * The spec the app's checkout asks for, or {@link #NONE}.
     *
     * @throws AppConfigException when its release.yml is not valid: the release would not be what the app says
     */
    public String spec(Path appCheckout) {
        Path file = appCheckout.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        String spec = parser.apply(file).spec();
        notes.accept(FILE_NAME + " asks for " + spec);
        return spec;
    }

    /** The same, when the Discover step was given the app's checkout at all. */
    public String spec(Optional<Path> appCheckout) {
        return appCheckout.map(this::spec).orElse(NONE);
    }
}
