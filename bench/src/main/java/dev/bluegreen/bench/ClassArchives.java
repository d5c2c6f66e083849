package dev.bluegreen.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ways to hand a JVM bluegreen's classes ready-made, each trained by the same run ({@code CdsTraining}), for the
 * start-up benchmark to compare with the launcher's own (a static archive, see {@link Bluegreen}).
 */
final class ClassArchives {

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final String TRAINING = "dev.bluegreen.cli.CdsTraining";

    private ClassArchives() {
    }

    /** A dynamic archive, {@code -XX:ArchiveClassesAtExit}: what the launcher made before the static one. */
    static Path dynamic(Path java, Path jar, Path archive) throws IOException, InterruptedException {
        run(java, "-XX:ArchiveClassesAtExit=" + archive, "-cp", jar.toString(), TRAINING);
        return archive;
    }

    /** JDK 25's ahead-of-time cache ({@code -XX:AOTCacheOutput}, JEP 514): classes loaded and linked, profiles. */
    static Path aotCache(Path java, List<String> flags, Path jar, Path cache) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(flags);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-cp", jar.toString(), TRAINING));
        run(java, command.toArray(String[]::new));
        return cache;
    }

    /** A JDK of at least that feature release under /usr/lib/jvm, its {@code bin/java}; the newest if several. */
    static Optional<Path> jdk(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> featureOf(home) >= feature && Files.isExecutable(home.resolve("bin/java")))
                    .max((a, b) -> Integer.compare(featureOf(a), featureOf(b))).map(home -> home.resolve("bin/java"));
        }
    }

    private static int featureOf(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void run(Path java, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
    }
}
