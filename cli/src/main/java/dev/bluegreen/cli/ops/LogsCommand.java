package dev.bluegreen.cli.ops;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.cli.up.ConfigFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A service's task logs, read from {@code logs/<service>/<task>.log} in the data directory: they are there even
 * when the platform is not running, which is when they are needed most.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Print a service's task logs; -f follows them.",
        footer = {"", "Examples:", "  bluegreen logs api", "  bluegreen logs web-green -f --tail 0"})
public final class LogsCommand implements Callable<Integer> {

    private static final long FOLLOW_POLL_MS = 250;

    @Mixin
    PlatformOptions platform;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "web-blue, web-green or api")
    String service;

    @Option(names = {"-f", "--follow"}, description = "keep printing new lines, also of tasks started later")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100",
            description = "lines to print from the end of each task's log first (default: ${DEFAULT-VALUE})")
    int tail;

    private final Map<Path, Long> printedUpTo = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        if (tail < 0) {
            throw new UserError("--tail must be 0 or more, got " + tail);
        }
        Path logs = platform.dataDir.resolve("logs");
        if (!service.matches("[A-Za-z0-9_.-]{1,64}") || taskLogs(logs, service).isEmpty()) {
            throw new UserError("no logs for service '" + service + "' in " + logs.toAbsolutePath()
                    + "; services with logs: " + String.join(", ", services(logs)));
        }
        for (Path file : taskLogs(logs, service)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            System.out.println("==> " + file.getFileName() + " <==");
            lines.subList(Math.max(0, lines.size() - tail), lines.size()).forEach(System.out::println);
            printedUpTo.put(file, Files.size(file));
        }
        System.out.flush();
        while (follow) {
            Thread.sleep(FOLLOW_POLL_MS);
            for (Path file : taskLogs(logs, service)) {
                printNew(file);
            }
        }
        return 0;
    }

    private void printNew(Path file) throws IOException {
        long from = printedUpTo.getOrDefault(file, 0L);
        long size = Files.size(file);
        if (size <= from) {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(from);
            byte[] bytes = new byte[(int) Math.min(size - from, 1 << 20)];
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int complete = text.lastIndexOf('\n') + 1; // a half-written line waits for its end
            String task = file.getFileName().toString().replaceFirst("\\.log$", "");
            text.substring(0, complete).lines().forEach(line -> System.out.println("[" + task + "] " + line));
            printedUpTo.put(file, from + text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
        }
        System.out.flush();
    }

    /** The service's task logs, of every version it ran ({@code logs/web-green@b7-3f2a1c9/}), oldest first. */
    private static List<Path> taskLogs(Path logs, String service) throws IOException {
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(logs, 2)) {
            return files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f))
                    .filter(f -> {
                        String dir = f.getParent().getFileName().toString();
                        return dir.equals(service) || dir.startsWith(service + "@");
                    })
                    .sorted(Comparator.comparing(LogsCommand::modified)).toList();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> services(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return List.of("(none yet)");
        }
        try (Stream<Path> dirs = Files.list(logs)) {
            List<String> names = new ArrayList<>(dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString().replaceFirst("@.*$", "")).distinct().sorted().toList());
            return names.isEmpty() ? List.of("(none yet)") : names;
        }
    }
}
