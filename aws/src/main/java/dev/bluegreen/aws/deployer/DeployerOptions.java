package dev.bluegreen.aws.deployer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The deployer's four options; few enough that a parser library would weigh more than it saves. */
final class DeployerOptions {

    static final String USAGE = "usage: java -jar bluegreen-aws-functions.jar --build-json FILE --load-balancer NAME "
            + "[--parameters JSON] --out FILE";
    private static final List<String> NAMES = List.of("--build-json", "--load-balancer", "--parameters", "--out");
    private static final List<String> REQUIRED = List.of("--build-json", "--load-balancer", "--out");

    private DeployerOptions() {
    }

    static Map<String, String> parse(String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'");
            }
            if (i + 1 >= args.length || args[i + 1].isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        for (String name : REQUIRED) {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException(name + " is missing");
            }
        }
        return options;
    }
}
