package dev.bluegreen.platform.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether a process still runs. {@link ProcessHandle#isAlive} is also true of a zombie: a process that has exited
 * but whose exit status its parent has not collected yet, as when {@code up} was started by a program that never
 * waits for it. A zombie runs nothing and holds no file or port: it has stopped. Linux says which in
 * {@code /proc/<pid>/stat} (proc(5): the state follows the command name in parentheses, {@code Z} for a zombie,
 * {@code X} for dead); where there is no such file, {@code isAlive} is all there is to go by.
 */
final class ProcessLiveness {

    private ProcessLiveness() {
    }

    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return !Files.isDirectory(Path.of("/proc/self")) && process.isAlive(); // gone, or no /proc here
        } catch (IOException e) {
            return true;
        }
        // the command name may itself hold spaces and parentheses: the state follows the last ')'
        int end = stat.lastIndexOf(')');
        char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
        return state != 'Z' && state != 'X';
    }
}
