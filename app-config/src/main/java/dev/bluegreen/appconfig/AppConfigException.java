package dev.bluegreen.appconfig;

/**
 * The app's {@code buildspec.yml}, {@code taskdef.json} or {@code checks.yml} is missing, not valid YAML/JSON, or
 * holds something the pipeline cannot use. A user mistake: the message names the file and the field and says what
 * was expected, e.g. {@code buildspec.yml: phases.build.commands must be a list of commands (strings), got a map}.
 */
public final class AppConfigException extends RuntimeException {

    public AppConfigException(String message) {
        super(message);
    }

    public AppConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
