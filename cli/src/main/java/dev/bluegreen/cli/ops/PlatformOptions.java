package dev.bluegreen.cli.ops;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which platform a command talks to: the one running with this data directory. */
public final class PlatformOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".bluegreen",
            description = "the data directory of the running platform (default: ${DEFAULT-VALUE})")
    Path dataDir;

    PlatformClient client() {
        return PlatformClient.forDataDir(dataDir);
    }
}
