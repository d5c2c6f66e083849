package dev.bluegreen.platform.pipeline.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample app that ships in this jar (the repository's {@code sample-app/}: the front end's site directory,
 * {@code buildspec.yml}, {@code taskdef.json}, a README), from which {@code up} creates the app repository.
 *
 * <p>The files are listed by walking the class path entry itself, as a directory ({@code target/classes} in a
 * build) or as a zip file system over the jar, so that no hand-kept index can drift from what ships.
 */
public final class SampleApp {

    /** Where platform/pom.xml puts {@code sample-app/} on the class path. */
    static final String RESOURCE_ROOT = "dev/bluegreen/platform/pipeline/sample-app";
    /** A file every sample app has; found first, because a jar need not hold entries for directories. */
    private static final String ANCHOR = "buildspec.yml";

    private SampleApp() {
    }

    /** The sample app's files, as relative paths with {@code /} separators, sorted. */
    public static List<String> paths() {
        return withRoot(root -> {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(file -> relative(root, file)).sorted().toList();
            }
        });
    }

    /** Copies the sample app's files into {@code dir} (created if needed), keeping their relative paths. */
    public static void copyTo(Path dir) {
        withRoot(root -> {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = dir.resolve(relative(root, file));
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
            return null;
        });
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private interface RootAction<T> {
        T apply(Path root) throws IOException;
    }

    private static <T> T withRoot(RootAction<T> action) {
        URL anchor = SampleApp.class.getClassLoader().getResource(RESOURCE_ROOT + "/" + ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException("the sample app is missing from the build: no " + RESOURCE_ROOT + "/"
                    + ANCHOR + " on the class path");
        }
        try {
            switch (anchor.getProtocol()) {
                case "file" -> {
                    return action.apply(Path.of(anchor.toURI()).getParent());
                }
                case "jar" -> {
                    // A file system of our own (not the JVM-wide one per jar URI), so closing it never pulls the
                    // jar from under another reader.
                    URL jar = ((JarURLConnection) anchor.openConnection()).getJarFileURL();
                    try (FileSystem zip = FileSystems.newFileSystem(Path.of(jar.toURI()))) {
                        return action.apply(zip.getPath("/" + RESOURCE_ROOT));
                    }
                }
                default -> throw new IllegalStateException("cannot list the sample app in " + anchor
                        + ": only a directory or a jar file on the class path is supported");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample app from " + anchor + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the sample app from " + anchor, e);
        }
    }
}
