package dev.bluegreen.platform.pipeline.build;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The phases of a buildspec, in the order CodeBuild runs them. */
public enum BuildPhase {
    INSTALL, PRE_BUILD, BUILD, POST_BUILD;

    /** The name as written in {@code buildspec.yml}: {@code pre_build}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<BuildPhase> ofKey(String key) {
        return Arrays.stream(values()).filter(phase -> phase.key().equals(key)).findFirst();
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(BuildPhase::key).toList();
    }
}
