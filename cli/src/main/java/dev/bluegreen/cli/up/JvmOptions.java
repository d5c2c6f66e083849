package dev.bluegreen.cli.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JVM flags of the services we start: small, quick to start, one place to tune. */
public final class JvmOptions {

    private JvmOptions() {
    }

    /**
     * A small first heap ({@code -Xms16m}; the JVM's default is 1/64 of the machine's memory, 384 MB on 24 GB) that
     * grows as a service needs: an idle task then holds about 100 MB instead of 160. Jetty asks the JVM whether it
     * compresses pointers through the platform MBean server, which takes about 50 ms to start, unless it is told
     * what it would find: 16 references per cache line, as with compressed pointers (any heap under 32 GB).
     */
    public static List<String> forServices() {
        List<String> flags = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms16m", "-Xss512k",
                "-XX:+ExitOnOutOfMemoryError", "-Dorg.eclipse.jetty.util.referencesPerCacheLine=16"));
        cdsArchive().ifPresent(archive -> flags.addAll(cds(archive)));
        return flags;
    }

    /** The flags that use a class-data-sharing archive (the launcher script sets the same). */
    public static List<String> cds(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive,
                // Debian's JDK maps class archives at a random address and then relocates every pointer in them,
                // about 150 ms per start; upstream JDK 17 maps them where they were written, as we do here
                "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    }

    /**
     * The class-data-sharing archive the launcher writes beside the jar ({@code bluegreen.jsa}), when we run from
     * that jar and the archive is not older than it (a stale archive would only be refused with a warning).
     */
    static java.util.Optional<Path> cdsArchive() {
        Path jar = Path.of(System.getProperty("java.class.path"));
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return java.util.Optional.empty();
        }
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
        try {
            return Files.isRegularFile(archive)
                    && !Files.getLastModifiedTime(archive).toInstant().isBefore(Files.getLastModifiedTime(jar).toInstant())
                    ? java.util.Optional.of(archive.toAbsolutePath()) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }
}
