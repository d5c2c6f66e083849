package dev.bluegreen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version of this build (from Maven), or what the environment says a deployment is called. */
public final class BuildInfo implements CommandLine.IVersionProvider {

    private static final String VERSION = load();

    /** The build's version, overridden by {@code BLUEGREEN_VERSION} (a pipeline names its builds). */
    public static String version() {
        String fromEnv = System.getenv("BLUEGREEN_VERSION");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"bluegreen " + version()};
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            String version = props.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
