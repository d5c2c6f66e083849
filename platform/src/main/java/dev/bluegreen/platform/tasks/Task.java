package dev.bluegreen.platform.tasks;

import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One task: a child process of the supervisor, its output appended to its log. Its stdin is a pipe we hold open and
 * never write to: when the supervisor dies, even by {@code kill -9}, the task reads EOF and stops.
 */
public final class Task {

    private final String id;
    private final String service;
    private final long seq;
    private final int port;
    private final TaskDefinition definition;
    private final Path log;
    private final Instant startedAt;
    private final Process process;
    private final AtomicReference<TaskState> state;
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private volatile Integer exitCode;

    /** {@code process} is null when the launch failed. */
    Task(String id, String service, long seq, int port, TaskDefinition definition, Path log, Instant startedAt,
            Process process) {
        this.id = id;
        this.service = service;
        this.seq = seq;
        this.port = port;
        this.definition = definition;
        this.log = log;
        this.startedAt = startedAt;
        this.process = process;
        this.state = new AtomicReference<>(process == null ? TaskState.EXITED : TaskState.STARTING);
    }

    public String id() {
        return id;
    }

    public String service() {
        return service;
    }

    public int port() {
        return port;
    }

    /** -1 when the process could not be launched. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public TaskState state() {
        return state.get();
    }

    /** Set once the process has ended. */
    public OptionalInt exitCode() {
        Integer code = exitCode;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    public Path log() {
        return log;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public TaskDefinition definition() {
        return definition;
    }

    long seq() {
        return seq;
    }

    Process process() {
        return process;
    }

    boolean transition(TaskState from, TaskState to) {
        return state.compareAndSet(from, to);
    }

    /** The process is gone: record how, once, and release our ends of its pipes. */
    void ended(TaskState finalState, int code) {
        if (process != null) {
            closeQuietly(process.getOutputStream());
            closeQuietly(process.getInputStream());
            closeQuietly(process.getErrorStream());
        }
        exitCode = code;
        state.set(finalState);
        ended.complete(code);
    }

    /** Completes with the exit code once the task is STOPPED or EXITED. */
    CompletableFuture<Integer> whenEnded() {
        return ended;
    }

    Reconcile.TaskView view() {
        return new Reconcile.TaskView(id, seq, state.get(), startedAt, exitCode);
    }

    private static void closeQuietly(java.io.Closeable pipe) {
        try {
            pipe.close();
        } catch (java.io.IOException ignored) {
            // the process is gone; nothing to flush
        }
    }

    @Override
    public String toString() {
        return id + "[pid " + pid() + ", port " + port + ", " + state.get() + "]";
    }
}
