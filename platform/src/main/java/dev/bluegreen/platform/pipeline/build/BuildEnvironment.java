package dev.bluegreen.platform.pipeline.build;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A build's environment, made rather than inherited: the platform's own environment holds what a build must never
 * see (cloud credentials, tokens, whatever the user exported), so only an allow-list of it passes: the program
 * search path, the locale, the terminal type and the time zone. Then a home and a temporary directory of the
 * build's own, then the buildspec's {@code env.variables}, then the build's identity, which a buildspec cannot
 * override (it cannot pretend to build another commit or tag).
 */
final class BuildEnvironment {

    private static final List<String> PASSED = List.of("PATH", "LANG", "LANGUAGE", "TERM", "TZ");
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private BuildEnvironment() {
    }

    /**
     * @param platform the platform's environment, where the allow-listed variables come from
     * @param scratch  the build's temporary directory and home, as its commands see them
     */
    static Map<String, String> of(Map<String, String> platform, BuildRequest request, BuildSandbox.Scratch scratch) {
        Map<String, String> env = base(platform, scratch);
        env.putAll(request.buildspec().variables());
        env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", request.commitId());
        env.put("CODEBUILD_BUILD_ID", request.tag());
        env.put("CODEBUILD_SRC_DIR", request.sourceDir().toAbsolutePath().normalize().toString());
        env.put("BLUEGREEN_COMMIT", request.commitId());
        env.put("BLUEGREEN_TAG", request.tag());
        return env;
    }

    /**
     * A check command's: the same allow-list and scratch directories, then where the test listener is and which
     * build it serves.
     */
    static Map<String, String> forChecks(Map<String, String> platform, BuildSandbox.Scratch scratch,
            Map<String, String> check) {
        Map<String, String> env = base(platform, scratch);
        env.putAll(check);
        return env;
    }

    private static Map<String, String> base(Map<String, String> platform, BuildSandbox.Scratch scratch) {
        Map<String, String> env = new LinkedHashMap<>();
        platform.forEach((name, value) -> {
            if (PASSED.contains(name) || name.startsWith("LC_")) {
                env.put(name, value);
            }
        });
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.put("HOME", scratch.home().toString());
        env.put("TMPDIR", scratch.tmp().toString());
        return env;
    }
}
