package dev.bluegreen.web.site;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the files of a site, from a directory or from the built-in site in the jar, as bytes or strict UTF-8. */
final class SiteFiles {

    static final String BUILT_IN = "dev/bluegreen/web/site/";

    private SiteFiles() {
    }

    static byte[] builtIn(String relative) {
        try (InputStream in = SiteFiles.class.getClassLoader().getResourceAsStream(BUILT_IN + relative)) {
            if (in == null) {
                throw new SiteException("built-in site: " + relative + " missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SiteException("built-in site: cannot read " + relative + ": " + e.getMessage(), e);
        }
    }

    static byte[] read(Path file, long maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new SiteException(file + ": " + size + " bytes, more than the " + maxBytes + " allowed");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SiteException(file + ": cannot read: " + e, e);
        }
    }

    /** Decodes strictly, so that a file saved in another encoding fails at start-up instead of showing mojibake. */
    static String utf8(byte[] bytes, String origin) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SiteException(origin + ": not valid UTF-8", e);
        }
    }
}
