package dev.bluegreen.platform.tasks;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls out of the supervisor (listener events, completions of {@link Supervisor#stop}) decided while it holds its
 * lock and made once it has released it: a listener may call back into the supervisor, or take its time.
 */
final class Callbacks {

    private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

    private final List<Runnable> calls = new ArrayList<>();

    void add(Runnable call) {
        calls.add(call);
    }

    /** Makes the calls in the order they were added. */
    void run() {
        calls.forEach(Callbacks::safely);
    }

    /** A failing listener is logged: it must neither break a round nor leave a stop half done. */
    static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("task event listener failed", e);
        }
    }
}
