package dev.bluegreen.aws.release;

import dev.bluegreen.core.release.ReleaseStrategy;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How this release moves production, and who chose it. In order of precedence: the approver (a line
 * {@code strategy: canary:10%:5m} in the Review action's comment, which is all a CodePipeline approval carries), the
 * app (its {@code release.yml}, read by the Discover step), the stack ({@code ReleaseStrategy}, default
 * {@code all-at-once}).
 */
public record ReleaseChoice(ReleaseStrategy strategy, String source) {

    public static final String APPROVAL = "the approval";
    public static final String APP = "the app's release.yml";
    public static final String STACK = "the stack's default";
    /** What the Discover step passes when the app has no release.yml (a pipeline variable cannot be empty). */
    public static final String NONE = "none";

    private static final Pattern OVERRIDE = Pattern.compile("(?i)\\bstrategy\\s*:\\s*(\\S+)");

    public ReleaseChoice {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(source, "source");
    }

    /**
     * @param approvalComment the Review action's summary, if any
     * @param app             the app's strategy spec, or {@link #NONE}
     * @param stack           the stack's default spec
     * @throws IllegalArgumentException naming who asked for what, and what a strategy looks like
     */
    public static ReleaseChoice choose(Optional<String> approvalComment, String app, String stack) {
        Optional<String> asked = approvalComment.flatMap(ReleaseChoice::override);
        if (asked.isPresent()) {
            return parsed(asked.get(), APPROVAL);
        }
        if (app != null && !app.isBlank() && !app.trim().equalsIgnoreCase(NONE)) {
            return parsed(app, APP);
        }
        return parsed(stack == null || stack.isBlank() ? ReleaseStrategy.ALL_AT_ONCE.spec() : stack, STACK);
    }

    /**
     * An approval's comment that asks for {@code strategy} (if any) before whatever the approver wrote: what
     * {@code bluegreen aws approve --strategy SPEC --comment TEXT} sends, and what {@link #choose} reads back.
     */
    public static String approvalComment(Optional<ReleaseStrategy> strategy, String comment) {
        String text = comment == null ? "" : comment.strip();
        return strategy.map(s -> "strategy: " + s.spec() + (text.isEmpty() ? "" : "\n" + text)).orElse(text);
    }

    /** The spec an approval's comment asks for: the first {@code strategy: SPEC} in it. */
    static Optional<String> override(String comment) {
        Matcher m = OVERRIDE.matcher(comment);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static ReleaseChoice parsed(String spec, String source) {
        try {
            return new ReleaseChoice(ReleaseStrategy.parse(spec), source);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage().contains(ReleaseStrategy.FORMAT) ? e.getMessage()
                    : e.getMessage() + " (a strategy is " + ReleaseStrategy.FORMAT + ")";
            throw new IllegalArgumentException(source + " asks for an invalid release strategy: " + why);
        }
    }

    /** "canary: 10 % for 5m, then 100 % (chosen by the approval)". */
    public String describe() {
        return strategy.describe() + " (chosen by " + source + ")";
    }
}
