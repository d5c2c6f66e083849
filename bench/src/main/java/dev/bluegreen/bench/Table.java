package dev.bluegreen.bench;

import java.util.ArrayList;
import java.util.List;

/** A result table, printed to the console and written as Markdown. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        rows.add(java.util.Arrays.stream(cells).map(String::valueOf).toList());
        return this;
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| ").append(String.join(" | ", header)).append(" |\n");
        s.append("|").append("---|".repeat(header.size())).append('\n');
        rows.forEach(r -> s.append("| ").append(String.join(" | ", r)).append(" |\n"));
        return s.toString();
    }

    String console() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, widths);
        for (int w : widths) {
            s.append("-".repeat(w)).append("  ");
        }
        s.append('\n');
        rows.forEach(r -> line(s, r, widths));
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            s.append(String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        s.append('\n');
    }
}
