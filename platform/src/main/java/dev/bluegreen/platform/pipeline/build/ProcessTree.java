package dev.bluegreen.platform.pipeline.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every process a build started, so that all of them can be stopped: the running command and its descendants, and
 * also what a command left running in the background ({@code server &}), which its shell no longer parents once it
 * exits. For that, each command's shell starts its own session ({@code setsid}), and the build ends every process
 * still in one of its sessions (read from {@code /proc}). Without setsid or /proc, descendants are all we find.
 */
final class ProcessTree {

    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self"));
    private static final boolean SESSIONS = PROC
            && Stream.of("/usr/bin/setsid", "/bin/setsid").anyMatch(p -> Files.isExecutable(Path.of(p)));
    private static final int ROUNDS = 50;

    private final Set<Long> sessions = ConcurrentHashMap.newKeySet();

    /** The command line that runs {@code commandLine} in a session of its own where we can. */
    static List<String> inSession(List<String> commandLine) {
        if (!SESSIONS) {
            return commandLine;
        }
        List<String> line = new ArrayList<>(List.of("setsid"));
        line.addAll(commandLine);
        return line;
    }

    /** The JVM's child is never a process group leader, so setsid does not fork: its pid is the session's id. */
    void started(Process process) {
        sessions.add(process.pid());
    }

    /** Ends (SIGKILL) {@code process}, its descendants and every process left in this build's sessions. */
    void killAll(Process process) {
        for (int round = 0; round < ROUNDS; round++) {
            List<ProcessHandle> victims = new ArrayList<>();
            if (process != null) {
                // descendants first, while the shell still parents them
                process.descendants().forEach(victims::add);
                victims.add(process.toHandle());
            }
            victims.addAll(leftInSessions());
            victims.removeIf(victim -> !isRunning(victim.pid()));
            if (victims.isEmpty()) {
                return;
            }
            victims.forEach(ProcessHandle::destroyForcibly);
            sleepBriefly();
        }
    }

    private List<ProcessHandle> leftInSessions() {
        if (!SESSIONS || sessions.isEmpty()) {
            return List.of();
        }
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(handle -> handle.pid() != self && sessions.contains(sessionOf(handle.pid())))
                .toList();
    }

    /**
     * Alive and not a zombie: a killed orphan stays a zombie until whoever adopted it reaps it, and there is nothing
     * more to stop about it.
     */
    static boolean isRunning(long pid) {
        if (!PROC) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        String stat = stat(pid);
        return stat != null && stat.charAt(0) != 'Z';
    }

    /** The session id from {@code /proc/<pid>/stat}, or -1. */
    private static long sessionOf(long pid) {
        String stat = stat(pid);
        if (stat == null) {
            return -1;
        }
        String[] fields = stat.split(" ");
        // after the command name: state, ppid, pgrp, session
        return fields.length > 3 ? Long.parseLong(fields[3]) : -1;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name (which may hold spaces and parentheses). */
    private static String stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
