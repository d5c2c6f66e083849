package dev.bluegreen.platform.control;

import dev.bluegreen.core.Outcome;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane behind a gate: the control API answers from the start, so that its port is taken before
 * anything else starts, but every request is "try again in a moment" (503) until the platform is wired and
 * {@link #open} hands over, and again once it starts stopping ({@link #close}).
 */
public final class GatedControlPlane implements ControlPlane {

    private volatile ControlPlane ready;

    public void open(ControlPlane plane) {
        ready = plane;
    }

    public void close() {
        ready = null;
    }

    private ControlPlane plane() {
        ControlPlane plane = ready;
        if (plane == null) {
            throw new IllegalStateException("the platform is starting or stopping; try again in a moment");
        }
        return plane;
    }

    @Override
    public Map<String, Object> status() {
        return plane().status();
    }

    @Override
    public Outcome flip(String actor) {
        return plane().flip(actor);
    }

    @Override
    public Outcome rollback(String actor) {
        return plane().rollback(actor);
    }

    @Override
    public Outcome shift(String build, int percent, String actor) {
        return plane().shift(build, percent, actor);
    }

    @Override
    public Outcome scale(String service, int count, String actor) {
        return plane().scale(service, count, actor);
    }

    @Override
    public Outcome shutdown(String actor) {
        return plane().shutdown(actor);
    }

    @Override
    public List<Map<String, Object>> executions(int limit) {
        return plane().executions(limit);
    }

    @Override
    public Optional<Map<String, Object>> execution(long id) {
        return plane().execution(id);
    }

    @Override
    public Optional<InputStream> buildLog(long id) {
        return plane().buildLog(id);
    }

    @Override
    public Outcome deploy(String ref, String actor) {
        return plane().deploy(ref, actor);
    }

    @Override
    public Outcome approve(long id, String tag, String actor) {
        return plane().approve(id, tag, actor);
    }

    @Override
    public Outcome reject(long id, String reason, String actor) {
        return plane().reject(id, reason, actor);
    }
}
