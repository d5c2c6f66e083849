package dev.bluegreen.cli.aws;

import dev.bluegreen.cli.UserError;
import java.io.Console;
import java.util.function.UnaryOperator;

/**
 * Asks for what is missing, only when someone is there to answer (a terminal); otherwise says which option to
 * give. Nothing asked here is a secret: a CodeStar connection replaced the seed's GitHub token.
 */
final class Prompter {

    private final Console console = System.console();

    boolean interactive() {
        return console != null;
    }

    /**
     * @param check validates and returns the answer, or throws a {@link UserError} that is shown before asking
     *              again
     */
    String ask(String option, String question, String defaultValue, UnaryOperator<String> check) {
        if (console == null) {
            throw new UserError(option + " is required (no terminal to ask for it)");
        }
        while (true) {
            String line = console.readLine("%s%s: ", question, defaultValue == null ? "" : " [" + defaultValue + "]");
            if (line == null) {
                throw new UserError(option + " is required");
            }
            line = line.strip();
            if (line.isEmpty() && defaultValue != null) {
                line = defaultValue;
            }
            if (line.isEmpty()) {
                continue;
            }
            try {
                return check.apply(line);
            } catch (UserError e) {
                console.printf("%s%n", e.getMessage());
            }
        }
    }

    /** Yes only for an explicit yes. */
    boolean confirm(String question) {
        if (console == null) {
            return false;
        }
        String line = console.readLine("%s [y/N]: ", question);
        return line != null && (line.strip().equalsIgnoreCase("y") || line.strip().equalsIgnoreCase("yes"));
    }
}
