package dev.bluegreen.platform.pipeline.build;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A CodeBuild artifact pattern. Not Java's glob: there <code>**&#47;*</code> needs at least one directory, while in a
 * buildspec it also matches the files at the top ({@code **} is "any number of directories, none included").
 */
final class ArtifactGlob {

    private final String pattern;
    private final Pattern regex;

    private ArtifactGlob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    /** @param pattern e.g. <code>**&#47;*</code>, {@code site/**}, {@code *.html}, {@code site/} (= {@code site/**}) */
    static ArtifactGlob of(String pattern) {
        String glob = pattern.startsWith("./") ? pattern.substring(2) : pattern;
        if (glob.endsWith("/")) {
            glob = glob + "**";
        }
        StringBuilder regex = new StringBuilder();
        String[] segments = glob.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            if (segments[i].equals("**")) {
                regex.append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }
            appendSegment(regex, segments[i]);
            if (!last) {
                regex.append('/');
            }
        }
        return new ArtifactGlob(pattern, Pattern.compile(regex.toString()));
    }

    static List<ArtifactGlob> all(List<String> patterns) {
        return patterns.stream().map(ArtifactGlob::of).toList();
    }

    private static void appendSegment(StringBuilder regex, String segment) {
        for (char c : segment.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
    }

    /** @param relativePath a file's path relative to the base directory, with {@code /} between names */
    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
