package dev.bluegreen.movies.sqlite;

import dev.bluegreen.movies.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * sqlite-jdbc copies its native library out of the jar into a new temporary file at every start, which costs a
 * service about 100 ms. This keeps one copy per driver version in the user's cache and points the driver at it.
 * Any failure falls back to the driver's own way.
 */
final class NativeLibrary {

    private static volatile boolean prepared;

    private NativeLibrary() {
    }

    static void prepare() {
        if (prepared || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        synchronized (NativeLibrary.class) {
            if (prepared) {
                return;
            }
            prepared = true;
            try {
                String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
                String name = System.mapLibraryName("sqlitejdbc");
                String resource = "/org/sqlite/native/" + folder + "/" + name;
                Path dir = cacheDir().resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()).resolve(folder);
                Path lib = dir.resolve(name);
                if (!Files.isRegularFile(lib)) {
                    extract(resource, dir, lib);
                }
                System.setProperty("org.sqlite.lib.path", dir.toString());
                System.setProperty("org.sqlite.lib.name", name);
            } catch (IOException | RuntimeException e) {
                // the driver extracts it itself, only more slowly
            }
        }
    }

    private static void extract(String resource, Path dir, Path lib) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the driver");
            }
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, "lib", ".part");
            try {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                // several processes may start at once: whole file or nothing
                Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }

    private static Path cacheDir() {
        return UserCache.dir().resolve("native");
    }
}
