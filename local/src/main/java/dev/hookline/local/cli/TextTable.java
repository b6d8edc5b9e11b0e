package dev.hookline.local.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, for the human-readable output of the commands. */
final class TextTable {

    private static final int MAX_CELL = 80;

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String... headings) {
        this.columns = headings.length;
        rows.add(headings);
    }

    TextTable row(Object... cells) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object cell = i < cells.length ? cells[i] : null;
            String text = cell == null ? "-" : cell.toString().replaceAll("\\s+", " ");
            row[i] = text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text;
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
