package dev.bluegreen.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a program the functions jar runs in CodeBuild (the deployer, the checks): {@code --name value}
 * pairs, few enough that a parser library would weigh more than it saves.
 */
public final class JarOptions {

    private JarOptions() {
    }

    /**
     * @param names    every option the program takes
     * @param required those it cannot do without
     * @throws IllegalArgumentException naming the unknown, valueless or missing option
     */
    public static Map<String, String> parse(List<String> names, List<String> required, String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'");
            }
            if (i + 1 >= args.length || args[i + 1].isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        for (String name : required) {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException(name + " is missing");
            }
        }
        return options;
    }
}
