package dev.bluegreen.platform.pipeline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives JGit a home of its own for the test run: empty user, system and JGit configs held in memory, and
 * {@code user.home} and the XDG directories in a temporary directory. A developer's {@code ~/.gitconfig}
 * (signing, hooks, excludes, init.defaultBranch, autocrlf) then cannot change an outcome, and nothing in the real
 * home is read or written. {@link GitCli} runs the real git command with the same home.
 *
 * <p>Installed once per test JVM and left in place: JGit saves what it measures of a file system later, from a
 * background thread, and that must not reach the real home after a test class ends either.
 */
public final class IsolatedGit implements BeforeAllCallback {

    private static Path home;

    /** The isolated home. */
    static synchronized Path home() {
        if (home == null) {
            throw new IllegalStateException("add @ExtendWith(IsolatedGit.class) to the test class");
        }
        return home;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        install();
    }

    private static synchronized void install() throws IOException {
        if (home != null) {
            return;
        }
        home = Files.createTempDirectory("bluegreen-git-home");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(home.toFile())));
        SystemReader.setInstance(new HomeReader(SystemReader.getInstance(), home));
        FS.DETECTED.setUserHome(home.toFile());
        // JGit measures a file system's timestamp resolution once, in the background as AppRepository asks, in
        // the first directory it meets there. Let that be this home, which lives as long as the JVM, rather than
        // a @TempDir deleted under the measurement (JGit would log that as an error).
        FS.FileStoreAttributes.setBackground(true);
        FS.FileStoreAttributes.get(home);
    }

    /** Everything from the JVM's reader, but configs that are empty and never touch a file. */
    private static final class HomeReader extends SystemReader {

        private final SystemReader delegate;
        private final Path home;

        HomeReader(SystemReader delegate, Path home) {
            this.delegate = delegate;
            this.home = home;
        }

        @Override
        public String getenv(String variable) {
            return switch (variable) {
                case "HOME" -> home.toString();
                case "XDG_CONFIG_HOME" -> home.resolve(".config").toString();
                case "XDG_CACHE_HOME" -> home.resolve(".cache").toString();
                // git's own variables from the developer's shell must not redirect the tests' repositories
                default -> variable.startsWith("GIT_") ? null : delegate.getenv(variable);
            };
        }

        @Override
        public String getProperty(String key) {
            return "user.home".equals(key) ? home.toString() : delegate.getProperty(key);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return inMemory(parent, fs);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return inMemory(parent, fs);
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return inMemory(parent, fs);
        }

        private static FileBasedConfig inMemory(Config parent, FS fs) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                }

                @Override
                public void save() {
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }

        @Override
        public String getHostname() {
            return delegate.getHostname();
        }

        @Override
        public long getCurrentTime() {
            return delegate.getCurrentTime();
        }

        @Override
        public int getTimezone(long when) {
            return delegate.getTimezone(when);
        }
    }
}
