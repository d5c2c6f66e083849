package dev.bluegreen.cli.up;

import dev.bluegreen.cli.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings from a file, for those who would rather not repeat flags (all of {@code up}'s; {@code data-dir} also
 * for the commands that talk to the platform): {@code bluegreen.properties} in
 * the working directory, or the file named by {@code $BLUEGREEN_CONFIG}. Keys are the long option names without
 * dashes ({@code prod-port=80}); a flag on the command line wins over the file, the file over the built-in default.
 */
public final class ConfigFile implements IDefaultValueProvider {

    static final String ENV = "BLUEGREEN_CONFIG";
    static final String DEFAULT_NAME = "bluegreen.properties";

    private Properties settings;

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        return settings().getProperty(key(option));
    }

    /** A key that names no option is a typo that would silently do nothing: refuse it. */
    static void checkKeys(CommandSpec spec) {
        Set<String> known = spec.options().stream().map(ConfigFile::key).collect(Collectors.toCollection(TreeSet::new));
        known.removeAll(Set.of("help", "version"));
        ConfigFile file = new ConfigFile();
        for (String key : file.settings().stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new UserError("unknown setting '" + key + "' in " + file.path() + "; settings are: "
                        + String.join(", ", known));
            }
        }
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    private Path path() {
        String named = System.getenv(ENV);
        return named != null && !named.isBlank() ? Path.of(named) : Path.of(DEFAULT_NAME);
    }

    private synchronized Properties settings() {
        if (settings == null) {
            settings = new Properties();
            Path file = path();
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    settings.load(in);
                } catch (IOException | IllegalArgumentException e) {
                    throw new UserError("cannot read " + file + ": " + e.getMessage());
                }
            } else if (System.getenv(ENV) != null && !System.getenv(ENV).isBlank()) {
                throw new UserError(ENV + " names " + file + ", which is not a file");
            }
        }
        return settings;
    }
}
