package dev.bluegreen.aws.deployer;

import dev.bluegreen.aws.JarOptions;
import java.util.List;
import java.util.Map;

/** The deployer's options. */
final class DeployerOptions {

    static final String USAGE = "usage: java -jar bluegreen-aws-functions.jar --build-json FILE --load-balancer NAME "
            + "[--parameters JSON] [--app-source DIR] [--release-out FILE] --out FILE";
    private static final List<String> NAMES = List.of("--build-json", "--load-balancer", "--parameters",
            "--app-source", "--release-out", "--out");
    private static final List<String> REQUIRED = List.of("--build-json", "--load-balancer", "--out");

    private DeployerOptions() {
    }

    static Map<String, String> parse(String... args) {
        return JarOptions.parse(NAMES, REQUIRED, args);
    }
}
