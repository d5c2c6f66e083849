package dev.bluegreen.platform.control;

import dev.bluegreen.core.Outcome;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the control API can ask of the platform: its status, and the changes that need the token. A change answers
 * an {@link Outcome}: done or refused, with a sentence for a person and what it changed.
 */
public interface ControlPlane {

    /** A JSON-ready description of listeners, target groups, services, tasks and the last events. */
    Map<String, Object> status();

    Outcome flip(String actor);

    /** Ends a traffic shift (all back to production's side) or undoes the last flip. */
    Outcome rollback(String actor);

    /**
     * Sends {@code percent} (1 to 100) of production to the test side, which must run build {@code build}: one step
     * of a canary or linear release; 100 completes it (a flip).
     */
    Outcome shift(String build, int percent, String actor);

    /** @throws IllegalArgumentException for an unknown service or a count out of range (a user's mistake) */
    Outcome scale(String service, int count, String actor);

    /** Stops every service and then the platform itself, shortly after answering (what {@code down} asks). */
    Outcome shutdown(String actor);

    /** The pipeline's executions, newest first, JSON-ready. */
    List<Map<String, Object>> executions(int limit);

    Optional<Map<String, Object>> execution(long id);

    /** The build log of an execution, if it got as far as building: a stream for the caller to copy and close. */
    Optional<InputStream> buildLog(long id);

    /** Starts an execution for a ref of the app repository (a branch, a tag, a commit id). */
    Outcome deploy(String ref, String actor);

    /** Approves execution {@code id}, but only if it is reviewing exactly build {@code tag}. */
    Outcome approve(long id, String tag, String actor);

    Outcome reject(long id, String reason, String actor);
}
