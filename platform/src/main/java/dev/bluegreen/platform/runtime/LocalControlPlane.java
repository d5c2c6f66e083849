package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.ScaleGuard;
import dev.bluegreen.platform.control.ControlPlane;
import dev.bluegreen.platform.pipeline.Pipeline;
import dev.bluegreen.platform.state.Executions;
import dev.bluegreen.platform.state.PlatformStore;
import dev.bluegreen.platform.state.ServiceRecord;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What the control API asks of the local platform, answered by the parts that know: flips and rollbacks by the
 * core's {@link Flipper}, the pipeline's requests by the pipeline, scaling by {@link LocalCapacity} (never
 * production to nothing: the core's {@link ScaleGuard}).
 */
final class LocalControlPlane implements ControlPlane {

    private final PlatformStore store;
    private final Flipper flipper;
    private final LocalCapacity capacity;
    private final Pipeline pipeline;
    private final StatusReport status;
    private final EventLog events;
    private final CompletableFuture<String> shutdownRequested;

    LocalControlPlane(PlatformStore store, Flipper flipper, LocalCapacity capacity, Pipeline pipeline,
                      StatusReport status, EventLog events, CompletableFuture<String> shutdownRequested) {
        this.store = store;
        this.flipper = flipper;
        this.capacity = capacity;
        this.pipeline = pipeline;
        this.status = status;
        this.events = events;
        this.shutdownRequested = shutdownRequested;
    }

    @Override
    public Map<String, Object> status() {
        return status.build(flipper.rollbackPreview());
    }

    @Override
    public Outcome flip(String actor) {
        return flipper.flip(Flipper.Request.by(actor));
    }

    @Override
    public Outcome rollback(String actor) {
        return flipper.rollback(Flipper.Request.by(actor));
    }

    @Override
    public Outcome shift(String build, int percent, String actor) {
        return flipper.shift(build, percent, Flipper.Request.by(actor));
    }

    @Override
    public synchronized Outcome scale(String service, int count, String actor) {
        ServiceRecord record = store.service(service).orElseThrow(() -> new IllegalArgumentException(
                "no service '" + service + "'; the services are " + store.services().stream()
                        .map(ServiceRecord::name).collect(Collectors.joining(", "))));
        Optional<Outcome> refused = ScaleGuard.check(store.routing(), Topology.PAIR, service, record.targetGroup(),
                count).map(refusal -> Outcome.refused(refusal.message()));
        Outcome outcome = refused.orElseGet(() -> capacity.scale(record, count, actor, ""));
        return outcome.with("service", service).with("desiredCount", count);
    }

    @Override
    public Outcome shutdown(String actor) {
        events.record(actor, EventType.SHUTDOWN_REQUESTED);
        shutdownRequested.complete(actor);
        return Outcome.done(EventType.SHUTDOWN_REQUESTED.message());
    }

    @Override
    public List<Map<String, Object>> executions(int limit) {
        return store.executions(limit).stream().map(Executions::view).toList();
    }

    @Override
    public Optional<Map<String, Object>> execution(long id) {
        return store.execution(id).map(Executions::view);
    }

    @Override
    public Optional<InputStream> buildLog(long id) {
        return pipeline.buildLog(id);
    }

    @Override
    public Outcome deploy(String ref, String actor) {
        return pipeline.start(ref, actor);
    }

    @Override
    public Outcome approve(long id, String tag, String actor) {
        return pipeline.approve(id, tag, actor);
    }

    @Override
    public Outcome reject(long id, String reason, String actor) {
        return pipeline.reject(id, reason, actor);
    }
}
