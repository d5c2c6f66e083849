package dev.bluegreen.platform.pipeline.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Each command in a bubblewrap sandbox of its own: new namespaces for everything but the network (a build may fetch
 * its dependencies, as on CodeBuild), no capabilities even when the platform runs as root, its own {@code /proc}
 * (no other process, so no other process's environment), a minimal {@code /dev}, {@code /usr} and the root's
 * library links read-only, a short list of {@code /etc}'s files read-only, the build's scratch directories as
 * {@code /tmp} and {@code /home/build}, and the checkout, at its own path, the one directory of the machine it can
 * write. Nothing else of the machine is there: not the data directory (nor its token), not the user's home.
 * Whatever a command leaves running ends with it, as the sandbox's processes end with its first one.
 */
final class Bubblewrap implements BuildSandbox {

    private static final Path HOME_INSIDE = Path.of("/home/build");
    private static final Path TMP_INSIDE = Path.of("/tmp");
    /** What shells, compilers and TLS clients read there; never keys ({@code ssl/private}), passwords or sudoers. */
    private static final List<String> ETC = List.of("alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
            "passwd", "group", "nsswitch.conf", "hosts", "host.conf", "resolv.conf", "gai.conf", "services",
            "protocols", "localtime", "timezone", "mime.types", "ssl/certs", "ssl/openssl.cnf", "ca-certificates",
            "ca-certificates.conf", "maven", "terminfo", "os-release", "debian_version", "magic", "magic.mime");
    /** Links into {@code /usr} on a merged-usr system, directories of their own elsewhere. */
    private static final List<String> ROOT_DIRS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
    private static final long PROBE_SECONDS = 10;

    private final Path bwrap;
    private final List<String> system;
    private final List<Path> hidden;

    private Bubblewrap(Path bwrap, Collection<Path> hidden) {
        this.bwrap = bwrap;
        this.system = systemArguments();
        // a parent before what lies in it: the later mount must not cover the earlier one
        this.hidden = hidden.stream().map(path -> path.toAbsolutePath().normalize())
                .filter(path -> path.getNameCount() > 0 && Files.isDirectory(path)) // a home may be "/"
                .distinct().sorted(Comparator.comparingInt(Path::getNameCount)).toList();
    }

    static BuildSandbox detect(Map<String, String> environment, Collection<Path> hidden) {
        Optional<Path> bwrap = Stream.of(environment.getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "bwrap")).filter(Files::isExecutable)
                .findFirst();
        if (bwrap.isEmpty()) {
            return BuildSandbox.unsandboxed("bwrap is not installed");
        }
        Bubblewrap sandbox = new Bubblewrap(bwrap.get(), hidden);
        return sandbox.probe().<BuildSandbox>map(problem -> BuildSandbox.unsandboxed(bwrap.get() + " cannot run "
                + "here: " + problem)).orElse(sandbox);
    }

    @Override
    public List<String> commandLine(List<String> command, Path checkout, Scratch scratch) {
        List<String> line = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--share-net",
                "--die-with-parent", "--new-session", "--cap-drop", "ALL"));
        line.addAll(system);
        line.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        hidden.forEach(dir -> line.addAll(List.of("--tmpfs", dir.toString())));
        bind(line, scratch.tmp(), TMP_INSIDE);
        bind(line, scratch.home(), HOME_INSIDE);
        Path source = checkout.toAbsolutePath().normalize();
        bind(line, source, source); // last: under /tmp or a hidden directory, it must not be covered
        line.addAll(List.of("--chdir", source.toString(), "--"));
        line.addAll(command);
        return line;
    }

    @Override
    public Scratch inside(Scratch scratch) {
        return new Scratch(TMP_INSIDE, HOME_INSIDE);
    }

    @Override
    public boolean isolates() {
        return true;
    }

    @Override
    public String describe() {
        return "builds run in a bubblewrap sandbox (" + bwrap + "): their checkout is the one directory of this "
                + "machine they can write; /usr and a few files of /etc are read-only; the network is shared";
    }

    private static void bind(List<String> line, Path from, Path to) {
        line.addAll(List.of("--bind", from.toString(), to.toString()));
    }

    private static List<String> systemArguments() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String name : ROOT_DIRS) {
            Path dir = Path.of("/", name);
            if (Files.isSymbolicLink(dir)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(dir).toString(), dir.toString()));
                } catch (IOException e) {
                    // unreadable: left out, as a missing one is
                }
            } else if (Files.isDirectory(dir)) {
                args.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
            }
        }
        List<String> etc = new ArrayList<>(ETC);
        try (Stream<Path> entries = Files.list(Path.of("/etc"))) {
            // the JDK's configuration: /usr/lib/jvm/*/conf links there
            entries.map(entry -> entry.getFileName().toString()).filter(name -> name.startsWith("java-"))
                    .forEach(etc::add);
        } catch (IOException e) {
            // no /etc to list: the fixed names are tried all the same
        }
        etc.forEach(name -> args.addAll(List.of("--ro-bind-try", "/etc/" + name, "/etc/" + name)));
        return args;
    }

    /** Runs {@code true} the way builds will run: empty when it works, else what bwrap said. */
    private Optional<String> probe() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bluegreen-bwrap-probe-");
            Scratch scratch = new Scratch(Files.createDirectory(dir.resolve("tmp")),
                    Files.createDirectory(dir.resolve("home")));
            ProcessBuilder builder = new ProcessBuilder(commandLine(List.of("true"),
                    Files.createDirectory(dir.resolve("checkout")), scratch)).redirectErrorStream(true);
            builder.environment().clear();
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("it did not finish within " + PROBE_SECONDS + " s");
            }
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of(said.isEmpty() ? "exit code " + process.exitValue() : said.lines().findFirst()
                            .orElseThrow());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } finally {
            if (dir != null) {
                FileUtils.deleteQuietly(dir.toFile());
            }
        }
    }
}
