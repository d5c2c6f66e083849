package dev.bluegreen.platform.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Keeps each service at its desired count of healthy tasks, like the ECS scheduler does on one machine. One loop
 * thread reconciles (the rules are in {@link Reconcile}); stops run on their own threads because draining and the
 * SIGTERM grace period take seconds. Logs go to {@code <data>/logs/<service>/<task-id>.log}, pid files to
 * {@code <data>/run/}.
 */
public final class Supervisor implements AutoCloseable {

    public static final String EXIT_WITH_PARENT = "BLUEGREEN_EXIT_WITH_PARENT";
    public static final String TASK_ID = "BLUEGREEN_TASK_ID";

    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());

    private final Path logsDir;
    private final Path runDir;
    private final TaskEvents events;
    private final Clock clock;
    private final SupervisorSettings settings;
    private final HealthProbe health;
    private final FreePorts ports = new FreePorts();
    private final Object lock = new Object();
    private final Map<String, SupervisedService> services = new HashMap<>();
    private final ScheduledExecutorService loop;
    private final ExecutorService stoppers;
    private boolean closed;

    public Supervisor(Path dataDir, TaskEvents events, Clock clock) {
        this(dataDir, events, clock, SupervisorSettings.defaults());
    }

    public Supervisor(Path dataDir, TaskEvents events, Clock clock, SupervisorSettings settings) {
        this.logsDir = dataDir.resolve("logs");
        this.runDir = dataDir.resolve("run");
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.health = new HealthProbe(settings.healthTimeout());
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("supervisor-loop"));
        this.stoppers = Executors.newCachedThreadPool(daemon("supervisor-stop"));
        loop.scheduleWithFixedDelay(this::reconcileSafely, 0, settings.reconcileInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Creates the service, or updates its definition (used by tasks started from now on) and desired count. */
    public void run(String service, TaskDefinition definition, int desiredCount) {
        requireCount(desiredCount);
        synchronized (lock) {
            requireOpen();
            SupervisedService record = services.get(service);
            if (record == null) {
                services.put(service, new SupervisedService(service, definition, desiredCount));
            } else {
                record.definition = definition;
                record.desired = desiredCount;
                record.removing = false;
            }
        }
        nudge();
    }

    public void scale(String service, int desiredCount) {
        requireCount(desiredCount);
        synchronized (lock) {
            requireOpen();
            SupervisedService record = services.get(service);
            if (record == null || record.removing) {
                throw new IllegalArgumentException("no service '" + service + "' to scale");
            }
            record.desired = desiredCount;
        }
        nudge();
    }

    /** Stops all tasks of the service and forgets it; completes once its last task has ended. */
    public CompletionStage<Void> stop(String service) {
        CompletableFuture<Void> gone = new CompletableFuture<>();
        synchronized (lock) {
            SupervisedService record = services.get(service);
            if (record == null) {
                return CompletableFuture.completedFuture(null);
            }
            record.desired = 0;
            record.removing = true;
            record.whenGone.add(gone);
        }
        nudge();
        return gone;
    }

    /** A snapshot of the service's tasks, oldest first (empty for an unknown service). */
    public List<Task> tasks(String service) {
        synchronized (lock) {
            SupervisedService record = services.get(service);
            return record == null ? List.of() : List.copyOf(record.tasks.values());
        }
    }

    /**
     * At start-up: stops the processes that a previous platform, killed before it could stop them, left behind
     * (their pid files are still in run/), unless the pid now belongs to another process; deletes the pid files.
     */
    public List<Orphan> cleanUpOrphans() {
        List<Path> files;
        try (Stream<Path> listing = Files.isDirectory(runDir) ? Files.list(runDir) : Stream.empty()) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(PidFile.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
        List<Orphan> done = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String taskId = name.substring(0, name.length() - PidFile.SUFFIX.length());
            if (owned(taskId)) {
                continue;
            }
            Optional<PidFile> pidFile = PidFile.read(file);
            done.add(pidFile.map(this::cleanUp).orElse(new Orphan(taskId, -1, Orphan.Outcome.UNREADABLE)));
            PidFile.delete(runDir, taskId);
        }
        return done;
    }

    private boolean owned(String taskId) {
        synchronized (lock) {
            return services.values().stream().anyMatch(s -> s.tasks.containsKey(taskId));
        }
    }

    private Orphan cleanUp(PidFile file) {
        Optional<ProcessHandle> process = ProcessHandle.of(file.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return new Orphan(file.taskId(), file.pid(), Orphan.Outcome.ALREADY_GONE);
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (file.startInstant().isEmpty() || !file.startInstant().equals(started)) {
            return new Orphan(file.taskId(), file.pid(), Orphan.Outcome.PID_REUSED);
        }
        Termination.stop(process.get(), settings.orphanGrace());
        return new Orphan(file.taskId(), file.pid(), Orphan.Outcome.KILLED);
    }

    /** Stops every task in parallel, each with its own stop timeout, then the loop. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        loop.shutdown();
        awaitQuietly(loop, Duration.ofSeconds(10));
        List<Task> all = new ArrayList<>();
        Duration longest = Duration.ZERO;
        synchronized (lock) {
            for (SupervisedService record : services.values()) {
                for (Task task : record.tasks.values()) {
                    all.add(task);
                    if (task.transition(TaskState.STARTING, TaskState.STOPPING)
                            || task.transition(TaskState.RUNNING, TaskState.STOPPING)) {
                        stoppers.execute(() -> stopTask(record, task));
                    }
                    Duration stopTimeout = task.definition().stopTimeout();
                    longest = stopTimeout.compareTo(longest) > 0 ? stopTimeout : longest;
                }
            }
        }
        Duration bound = longest.plus(settings.drainTimeout()).plusSeconds(10);
        try {
            CompletableFuture.allOf(all.stream().filter(t -> t.process() != null).map(Task::whenEnded)
                    .toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "tasks still stopping after " + bound + ", killing them", e);
        }
        for (Task task : all) {
            if (task.process() != null) {
                task.process().destroyForcibly();
            }
            PidFile.delete(runDir, task.id());
        }
        stoppers.shutdown();
        awaitQuietly(stoppers, Duration.ofSeconds(5));
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        synchronized (lock) {
            services.values().forEach(record -> waiting.addAll(record.whenGone));
            services.clear();
        }
        waiting.forEach(gone -> gone.complete(null));
    }

    private void nudge() {
        try {
            loop.execute(this::reconcileSafely);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile: nothing left to reconcile
        }
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "reconcile failed; retrying at the next round", e);
        }
    }

    /** One round: notice exits, probe starting tasks, then apply the rules to every service. */
    private void reconcile() {
        List<Task> starting = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (SupervisedService record : services.values()) {
                for (Task task : record.tasks.values()) {
                    noticeExit(task);
                    if (task.state() == TaskState.STARTING) {
                        starting.add(task);
                    }
                }
            }
        }
        List<Runnable> later = new ArrayList<>();
        for (Task task : starting) {
            if (health.healthy(task.port(), task.definition().healthPath())
                    && task.transition(TaskState.STARTING, TaskState.RUNNING)) {
                synchronized (lock) {
                    SupervisedService record = services.get(task.service());
                    if (record != null) {
                        record.consecutiveFailures = 0;
                    }
                }
                later.add(() -> events.taskHealthy(task));
            }
        }
        synchronized (lock) {
            Instant now = clock.instant();
            for (SupervisedService record : List.copyOf(services.values())) {
                apply(record, Reconcile.plan(record.desiredView(), record.taskViews(), now), now, later);
                if (record.removing && record.tasks.isEmpty()) {
                    services.remove(record.name);
                    record.whenGone.forEach(f -> later.add(() -> f.complete(null)));
                }
            }
        }
        later.forEach(this::safely);
    }

    private void noticeExit(Task task) {
        Process process = task.process();
        if (process != null && !process.isAlive() && task.state().isLive()) {
            // a stop racing with us already moved it to STOPPING, and then it is an expected exit
            TaskState was = task.state();
            if (task.transition(was, TaskState.EXITED)) {
                task.ended(TaskState.EXITED, process.exitValue());
            }
        }
    }

    private void apply(SupervisedService record, List<Reconcile.Action> actions, Instant now, List<Runnable> later) {
        int failures = 0;
        for (Reconcile.Action action : actions) {
            if (action instanceof Reconcile.Reap reap) {
                Task task = record.tasks.remove(reap.taskId());
                PidFile.delete(runDir, task.id());
                failures++;
                if (task.process() != null) {
                    later.add(() -> events.taskExited(task, reap.exitCode(), false));
                }
            } else if (action instanceof Reconcile.Stop stop) {
                Task task = record.tasks.get(stop.taskId());
                if (stop.reason() == Reconcile.StopReason.NEVER_HEALTHY) {
                    failures++;
                    String reason = "no 200 from " + task.definition().healthPath() + " within "
                            + task.definition().startTimeout();
                    later.add(() -> events.taskFailedToStart(task, reason));
                }
                if (task.transition(TaskState.STARTING, TaskState.STOPPING)
                        || task.transition(TaskState.RUNNING, TaskState.STOPPING)) {
                    stoppers.execute(() -> stopTask(record, task));
                }
            } else if (action instanceof Reconcile.Start start) {
                for (int i = 0; i < start.count(); i++) {
                    Task task = launch(record, now);
                    record.tasks.put(task.id(), task);
                    if (task.process() == null) {
                        break; // the next round reaps it and backs off
                    }
                }
            }
        }
        if (failures > 0) {
            record.consecutiveFailures += failures;
            Duration delay = settings.backoff().after(record.consecutiveFailures);
            record.startNotBefore = now.plus(delay);
            if (record.desired > 0) {
                later.add(() -> events.restartScheduled(record.name, delay));
            }
        }
    }

    private Task launch(SupervisedService record, Instant now) {
        TaskDefinition def = record.definition;
        long seq = ++record.lastSeq;
        String id = record.name + "-" + seq;
        int port = ports.allocate();
        Path log = logsDir.resolve(record.name).resolve(id + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(def.commandFor(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // stdin stays the default pipe, open as long as we live: its EOF tells the task we are gone
            builder.environment().putAll(def.environment());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put(TASK_ID, id);
            builder.environment().put(EXIT_WITH_PARENT, "stdin");
            Process process = builder.start();
            PidFile.of(id, process.toHandle()).write(runDir);
            return new Task(id, record.name, seq, port, def, log, now, process);
        } catch (IOException | UncheckedIOException e) {
            Task failed = new Task(id, record.name, seq, port, def, log, now, null);
            failed.ended(TaskState.EXITED, -1);
            String reason = "cannot launch " + def.command() + ": " + e.getMessage();
            // reported at once: the reap of the next round counts the failure
            stoppers.execute(() -> safely(() -> events.taskFailedToStart(failed, reason)));
            return failed;
        }
    }

    /** Deregister (bounded wait), SIGTERM, SIGKILL after the stop timeout, forget. */
    private void stopTask(SupervisedService record, Task task) {
        try {
            CompletionStage<Void> drained = events.taskStopping(task);
            drained.toCompletableFuture().get(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, task.id() + ": not drained after " + settings.drainTimeout() + ", stopping anyway");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, task.id() + ": taskStopping failed, stopping anyway", e);
        }
        int code = Termination.stop(task.process(), task.definition().stopTimeout());
        PidFile.delete(runDir, task.id());
        task.ended(TaskState.STOPPED, code);
        synchronized (lock) {
            record.tasks.remove(task.id());
        }
        safely(() -> events.taskExited(task, code, true));
        nudge();
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "task event listener failed", e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("supervisor closed");
        }
    }

    private static void requireCount(int desiredCount) {
        if (desiredCount < 0) {
            throw new IllegalArgumentException("desired count must not be negative, was " + desiredCount);
        }
    }

    private static void awaitQuietly(ExecutorService executor, Duration bound) {
        try {
            if (!executor.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
