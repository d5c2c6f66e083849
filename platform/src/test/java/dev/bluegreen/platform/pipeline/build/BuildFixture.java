package dev.bluegreen.platform.pipeline.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** A source directory, a data directory and a runner for builds in a test's temporary directory. */
final class BuildFixture implements AutoCloseable {

    static final String COMMIT = "3f2a1c9d0b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a";

    final Path source;
    final Path artifacts;
    final Path log;
    final BuildRunner runner;

    /** Builds as the platform runs them here: in bubblewrap if it runs (run-tests installs it). */
    BuildFixture(Path dir) {
        this(dir, new BuildRunner());
    }

    BuildFixture(Path dir, BuildRunner runner) {
        this.runner = runner;
        source = dir.resolve("checkout");
        artifacts = dir.resolve("data/artifacts");
        log = dir.resolve("data/logs/builds/build.log");
        write("README.md", "the app\n");
    }

    BuildFixture write(String relativePath, String content) {
        try {
            Path file = source.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BuildRequest request(String buildspec, String tag, Duration timeout) {
        return new BuildRequest(source, Buildspec.parse(buildspec, "buildspec.yml"), tag, COMMIT, artifacts, log,
                timeout);
    }

    BuildResult run(String buildspec, String tag) {
        return runner.run(request(buildspec, tag, Duration.ofSeconds(30)));
    }

    RunningBuild start(String buildspec, String tag, Duration timeout) {
        return runner.start(request(buildspec, tag, timeout));
    }

    /** A buildspec with these build commands that publishes {@code files}. */
    static String buildspec(List<String> commands, String artifacts) {
        StringBuilder yaml = new StringBuilder("version: 0.2\nphases:\n  build:\n    commands:\n");
        commands.forEach(command -> yaml.append("      - '").append(command.replace("'", "''")).append("'\n"));
        return yaml.append("artifacts:\n").append(artifacts.indent(2)).toString();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything in the artifacts root, hidden staging directories included. */
    List<String> artifactsRootEntries() {
        if (!Files.exists(artifacts)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(artifacts)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of a published artifact directory, relative, with {@code /}. */
    static List<String> filesIn(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(file -> dir.relativize(file).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long pidIn(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
