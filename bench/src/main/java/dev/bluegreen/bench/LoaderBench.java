package dev.bluegreen.bench;

import dev.bluegreen.testing.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loader on the full sample: into SQLite, and into DynamoDB on moto beside the seed's way of loading
 * (one put_item per movie) on the same moto in the same run.
 */
final class LoaderBench {

    private static final Pattern LOADER_SECONDS = Pattern.compile(" in ([\\d.]+) s ");

    private final Bluegreen bluegreen;
    private final Path work;
    private final Path sample;

    LoaderBench(Bluegreen bluegreen, Path work, Path sample) {
        this.bluegreen = bluegreen;
        this.work = work;
        this.sample = sample;
    }

    String run(int runs) throws Exception {
        Table table = new Table("load of 4,609 movies", "loader, median s", "whole command, median s", "runs");
        List<Double> loader = new ArrayList<>();
        List<Double> command = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path db = work.resolve("loader-" + i + ".db");
            long start = System.nanoTime();
            String out = bluegreen.run(Map.of(), "load", "--db", db.toString(), sample.toString());
            command.add((System.nanoTime() - start) / 1e9);
            loader.add(loaderSeconds(out));
        }
        table.row("`bluegreen load` into SQLite", fmt(median(loader)), fmt(median(command)), runs);
        System.out.printf("  SQLite: %.2f s%n", median(loader));

        try (MotoServer moto = MotoServer.start()) {
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
                    MotoServer.SECRET_KEY, "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", moto.endpoint().toString());
            List<Double> ours = new ArrayList<>();
            List<Double> oursCommand = new ArrayList<>();
            List<Double> seed = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                moto.reset();
                long start = System.nanoTime();
                String out = bluegreen.run(env, "load", "--store", "dynamodb", "--table", "Bench" + i,
                        sample.toString());
                oursCommand.add((System.nanoTime() - start) / 1e9);
                ours.add(loaderSeconds(out));
                moto.reset();
                seed.add(seedLoader(moto, "Seed" + i));
            }
            table.row("`bluegreen load --store dynamodb` (moto)", fmt(median(ours)), fmt(median(oursCommand)), runs);
            table.row("the seed's loader: one `put_item` per movie (moto)", fmt(median(seed)), "", runs);
            System.out.printf("  DynamoDB: %.2f s, seed's way %.2f s%n", median(ours), median(seed));
            return "## Loader (full sample)\n\n"
                    + "The full AWS sample (4,609 movies, validated then written). \"loader\" is the time the loader "
                    + "reports (both passes: validate, then write); \"whole command\" adds the JVM's start (run as the "
                    + "launcher runs one-shot commands: C1 only, with the class-data-sharing archive). DynamoDB "
                    + "runs against moto's server on loopback (writes of 25 in parallel, 8 writers); the seed's "
                    + "way is a Python/boto3 reimplementation of its algorithm on the same moto, timed from reading "
                    + "the file to the last put_item.\n\n"
                    + table.markdown()
                    + String.format("%nOn moto, `bluegreen load` is %.1f× faster than the seed's way.%n",
                    median(seed) / median(ours));
        }
    }

    private double seedLoader(MotoServer moto, String tableName) throws IOException, InterruptedException {
        Path script = work.resolve("seed_loader.py");
        try (InputStream in = LoaderBench.class.getResourceAsStream("seed_loader.py")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder builder = new ProcessBuilder("python3", script.toString(), moto.endpoint().toString(),
                tableName, sample.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
                MotoServer.SECRET_KEY));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("the seed-style loader failed:\n" + out);
        }
        return Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
    }

    private static double loaderSeconds(String out) {
        Matcher m = LOADER_SECONDS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no time in the loader's summary:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String fmt(double seconds) {
        return String.format("%.2f", seconds);
    }
}
