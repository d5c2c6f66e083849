package dev.bluegreen.platform.control;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The control token: whoever can read {@code <data-dir>/token} (mode 0600, so: this user) may change traffic and
 * approve. Compared in constant time; never printed, logged or shown by {@code toString()}.
 */
public final class Token {

    private static final int BYTES = 32;

    private final String value;

    private Token(String value) {
        this.value = value;
    }

    /** Reads the token file, creating it with a new random token (mode 0600) when absent. */
    public static Token loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        PrivateFiles.write(file, value + "\n");
        return new Token(value);
    }

    /**
     * Reads an existing token file (what the CLI does). One that others may read is refused: whoever read it could
     * change traffic, so it is not used until its owner has made it private again (or replaced it).
     */
    public static Token read(Path file) throws IOException {
        if (PrivateFiles.openToOthers(file)) {
            throw new IOException(file + " may be read by other users (mode " + PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)) + "); make it private with 'chmod 600 " + file + "', or "
                    + "delete it to get a new token when someone else may have read it");
        }
        String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (value.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return new Token(value);
    }

    /** Whether a presented value is this token, in time that does not depend on where they differ. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The value, for an HTTP header of the CLI's own requests only. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Token[hidden]";
    }
}
