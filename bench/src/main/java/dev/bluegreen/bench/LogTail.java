package dev.bluegreen.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Follows a log that another process appends to, from where it ended when the tail began: whole lines only. */
final class LogTail {

    private final Path file;
    private long offset;
    private String partial = "";

    LogTail(Path file) throws IOException {
        this.file = file;
        this.offset = Files.size(file);
    }

    /** The lines written since the last call (a line still being written waits for the next). */
    List<String> newLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return lines;
            }
            byte[] bytes = new byte[(int) (length - offset)];
            in.seek(offset);
            in.readFully(bytes);
            offset = length;
            String text = partial + new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            partial = text.substring(end + 1);
            if (end >= 0) {
                lines.addAll(List.of(text.substring(0, end).split("\n")));
            }
        }
        return lines;
    }
}
