package io.proconsul.cli.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The table layout of Consul's {@code members} and {@code operator raft list-peers}, which use
 * {@code ryanuber/columnize} with the unit separator {@code \x1f} as the cell delimiter: cells are trimmed,
 * each column is as wide as its widest cell (counted in characters, as Go's {@code %-*s} counts runes), two
 * spaces separate columns, the last cell of a line is not padded, and the final newline is left off (the
 * UI adds it back).
 */
public final class Columnize {

    /** The delimiter Consul's commands put between cells. */
    public static final char DELIM = '\u001f';
    private static final String GLUE = "  ";

    private Columnize() {}

    public static String format(List<String> lines) {
        List<String[]> rows = new ArrayList<>(lines.size());
        List<Integer> widths = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(String.valueOf(DELIM), -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
                int w = cells[i].codePointCount(0, cells[i].length());
                if (widths.size() <= i) {
                    widths.add(w);
                } else if (widths.get(i) < w) {
                    widths.set(i, w);
                }
            }
            rows.add(cells);
        }
        StringBuilder sb = new StringBuilder();
        for (String[] cells : rows) {
            for (int i = 0; i < cells.length; i++) {
                sb.append(cells[i]);
                if (i == cells.length - 1) {
                    sb.append('\n');
                } else {
                    int pad = widths.get(i) - cells[i].codePointCount(0, cells[i].length());
                    sb.append(" ".repeat(pad)).append(GLUE);
                }
            }
        }
        if (sb.length() > 0) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }
}
