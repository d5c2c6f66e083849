package dev.bluegreen.aws.deployer;

import dev.bluegreen.appconfig.AppConfigException;
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
 * <p><b>SEAM (issue 12, item 2).</b> The file's parser is the local pipeline's {@code ReleaseFile}, which moves into
 * app-config as {@code dev.bluegreen.appconfig.release.ReleaseFile} when that work is merged. Until then
 * {@link #PENDING} is wired: it reads no release.yml (it says so when one is there) and the approver's or the stack's
 * strategy applies. Once the parser is in app-config, {@link Deployer#main} wires {@code new
 * AppRelease(ReleaseFile::read, ...)} instead; everything after the parser (the file the Discover step exports, the
 * variable, the Flip's precedence) is in place and tested with a stand-in parser.
 */
public final class AppRelease {

    public static final String FILE_NAME = "release.yml";
    /** What the app's strategy is when it has no release.yml: a pipeline variable cannot be empty. */
    public static final String NONE = "none";

    /** Until the parser is in app-config: nothing is read. */
    public static final AppRelease PENDING = new AppRelease(null, line -> { });

    private final Function<Path, ReleaseStrategy> parser;
    private final Consumer<String> notes;

    /**
     * @param parser reads a release.yml, throwing {@link AppConfigException} (naming the file and the line) when it is
     *               not valid; null while there is none
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
        if (parser == null) {
            notes.accept(FILE_NAME + " is not read on AWS yet (its parser joins app-config with the local pipeline's "
                    + "release work): the approval's strategy or the stack's ReleaseStrategy applies");
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
