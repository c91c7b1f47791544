package io.proconsul.cli.command.kv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The subset of Go's {@code text/tabwriter} that {@code kv get -detailed} relies on: left-aligned columns
 * padded with spaces, a column's width being its widest cell plus the padding, computed per block of
 * consecutive lines that have a cell in that column. Cells end at {@code \t}, lines at {@code \n}; the text
 * after a line's last tab is not part of any column. Working on the same rules as Go means values that contain
 * tabs or newlines come out exactly as Consul prints them. Widths count UTF-8 characters, not bytes.
 */
final class TabWriter {

    private final int padding;

    TabWriter(int padding) {
        this.padding = padding;
    }

    /** Formats the whole text; a final line without {@code \n} is written without one, as Go's Flush does. */
    byte[] format(byte[] text) {
        List<List<byte[]>> lines = split(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format(out, lines, new ArrayList<>(), 0, lines.size());
        return out.toByteArray();
    }

    private void format(ByteArrayOutputStream out, List<List<byte[]>> lines, List<Integer> widths,
            int line0, int line1) {
        int column = widths.size();
        int start = line0;
        for (int i = line0; i < line1; i++) {
            if (column >= lines.get(i).size() - 1) {
                continue;
            }
            writeLines(out, lines, widths, start, i);
            int blockStart = i;
            int width = 0;
            for (; i < line1 && column < lines.get(i).size() - 1; i++) {
                width = Math.max(width, runes(lines.get(i).get(column)) + padding);
            }
            widths.add(width);
            format(out, lines, widths, blockStart, i);
            widths.remove(widths.size() - 1);
            start = i;
            i--;
        }
        writeLines(out, lines, widths, start, line1);
    }

    private static void writeLines(ByteArrayOutputStream out, List<List<byte[]>> lines, List<Integer> widths,
            int from, int to) {
        for (int i = from; i < to; i++) {
            List<byte[]> cells = lines.get(i);
            for (int j = 0; j < cells.size(); j++) {
                byte[] cell = cells.get(j);
                out.writeBytes(cell);
                if (j < widths.size()) {
                    out.writeBytes(" ".repeat(widths.get(j) - runes(cell)).getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (i + 1 < lines.size()) {
                out.write('\n');
            }
        }
    }

    private static List<List<byte[]>> split(byte[] text) {
        List<List<byte[]>> lines = new ArrayList<>();
        List<byte[]> cells = new ArrayList<>();
        int cellStart = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\t' || text[i] == '\n') {
                cells.add(Arrays.copyOfRange(text, cellStart, i));
                cellStart = i + 1;
                if (text[i] == '\n') {
                    lines.add(cells);
                    cells = new ArrayList<>();
                }
            }
        }
        cells.add(Arrays.copyOfRange(text, cellStart, text.length));
        lines.add(cells);
        return lines;
    }

    /** UTF-8 characters: every byte that is not a continuation byte starts one. */
    private static int runes(byte[] cell) {
        int n = 0;
        for (byte b : cell) {
            if ((b & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }
}
