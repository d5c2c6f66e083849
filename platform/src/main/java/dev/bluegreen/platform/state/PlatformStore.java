package dev.bluegreen.platform.state;

import dev.bluegreen.core.check.CheckResult;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.release.ReleaseProgress;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.Routing;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Everything the platform must remember across a restart, in {@code platform.db}: the routing (listeners, the
 * shares of a traffic shift and target-group tags), the last flip, the services, the pipeline's executions and the
 * event log. Every change is one transaction, so a {@code kill -9} at any moment leaves either the state before or
 * the state after, never half a flip. Synchronized: the platform's threads share the one connection.
 */
public final class PlatformStore implements AutoCloseable {

    private final Database db;

    private PlatformStore(Database db) {
        this.db = db;
    }

    public static PlatformStore open(Path file) {
        try {
            return new PlatformStore(Database.open(file, Schema::migrate));
        } catch (SQLException | IOException e) {
            throw new StateException("cannot open the platform state " + file + ": " + e.getMessage(), e);
        }
    }

    /** True until the platform's first start has written a routing. */
    public synchronized boolean isEmpty() {
        return db.query(RoutingRows::isEmpty);
    }

    public synchronized Routing routing() {
        return db.query(RoutingRows::read);
    }

    public synchronized Optional<LastFlip> lastFlip() {
        return db.query(LastFlipRow::read);
    }

    /** Writes a routing and its event together (the platform's first start, a deployment's new image tag). */
    public synchronized void saveRouting(Routing routing, Event event) {
        db.transaction(c -> {
            RoutingRows.write(c, routing);
            EventRows.insert(c, event);
        });
    }

    /** A flip or a rollback: the new routing, what it undoes next time, and its event, all or nothing. */
    public synchronized void saveFlip(Routing routing, LastFlip lastFlip, Event event) {
        db.transaction(c -> {
            RoutingRows.write(c, routing);
            if (lastFlip != null) { // null: a step of a traffic shift, not a flip
                LastFlipRow.write(c, lastFlip);
            }
            EventRows.insert(c, event);
        });
    }

    public synchronized List<ServiceRecord> services() {
        return db.query(ServiceRows::all);
    }

    public synchronized Optional<ServiceRecord> service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A service's new desired count or version, with its event. */
    public synchronized void saveService(ServiceRecord service, Event event) {
        db.transaction(c -> {
            ServiceRows.write(c, service);
            if (event != null) {
                EventRows.insert(c, event);
            }
        });
    }

    /** A deployment: the side's new Image tag, its service's new version and count, with the event, all or nothing. */
    public synchronized void saveDeployment(Routing routing, ServiceRecord service, Event event) {
        db.transaction(c -> {
            RoutingRows.write(c, routing);
            ServiceRows.writeDeployed(c, service);
            EventRows.insert(c, event);
        });
    }

    public synchronized Event append(Event event) {
        long[] id = {0};
        db.transaction(c -> id[0] = EventRows.insert(c, event));
        return event.withId(id[0]);
    }

    /** The newest events first. */
    public synchronized List<Event> events(int limit) {
        return db.query(c -> EventRows.newest(c, limit));
    }

    /** The pipeline's executions, newest first. */
    public synchronized List<Execution> executions(int limit) {
        return db.query(c -> ExecutionRows.newest(c, limit));
    }

    public synchronized Optional<Execution> execution(long id) {
        return db.query(c -> ExecutionRows.byId(c, id));
    }

    /** Executions not yet final (running or awaiting approval), oldest first. */
    public synchronized List<Execution> activeExecutions() {
        return db.query(ExecutionRows::active);
    }

    /** The id the next execution gets. */
    public synchronized long nextExecutionId() {
        return db.query(ExecutionRows::nextId);
    }

    /** An execution as it now is, with the events that say what happened, in one transaction. */
    public synchronized void saveExecution(Execution execution, Event... events) {
        db.transaction(c -> {
            ExecutionRows.write(c, execution);
            for (Event event : events) {
                EventRows.insert(c, event);
            }
        });
    }

    /** The release of execution {@code id}: its strategy and steps; empty until its build chose one. */
    public synchronized Optional<ReleaseProgress> release(long id) {
        return db.query(c -> {
            Optional<String> body = DetailRows.read(c, DetailRows.RELEASE, id);
            return body.isEmpty() ? Optional.empty() : Optional.of(parsed(body.get(), ExecutionDetails::release));
        });
    }

    /** An execution's release as it now is (a strategy chosen, a step taken), with its events, together. */
    public synchronized void saveRelease(long id, ReleaseProgress release, Event... events) {
        db.transaction(c -> {
            DetailRows.write(c, DetailRows.RELEASE, id, ExecutionDetails.release(release).toString());
            for (Event event : events) {
                EventRows.insert(c, event);
            }
        });
    }

    /** How each of execution {@code id}'s checks went; empty until they ran. */
    public synchronized List<CheckResult> checkResults(long id) {
        return db.query(c -> {
            Optional<String> body = DetailRows.read(c, DetailRows.CHECKS, id);
            return body.isEmpty() ? List.of() : parsed(body.get(), ExecutionDetails::checks);
        });
    }

    public synchronized void saveCheckResults(long id, List<CheckResult> results) {
        db.transaction(c -> DetailRows.write(c, DetailRows.CHECKS, id, ExecutionDetails.checks(results)
                .toString()));
    }

    private interface Parser<T> {
        T parse(String body) throws IOException;
    }

    private static <T> T parsed(String body, Parser<T> parser) throws SQLException {
        try {
            return parser.parse(body);
        } catch (IOException | RuntimeException e) {
            throw new SQLException("an execution's details in the state are unreadable: " + e.getMessage(), e);
        }
    }

    /** A small remembered value of the pipeline (the last commit seen, say). */
    public synchronized Optional<String> setting(String key) {
        return db.query(c -> SettingRows.read(c, key));
    }

    public synchronized void saveSetting(String key, String value) {
        db.transaction(c -> SettingRows.write(c, key, value));
    }

    @Override
    public synchronized void close() {
        db.close();
    }
}
