package io.fulcrum.cli.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns aligned with two spaces between them, headers in capitals; cells may carry colours. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(String... cells) {
        if (cells.length != headers.size())
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        rows.add(Arrays.asList(cells));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row after the header line, each ending in a newline; no trailing spaces. */
    public String render(Style style) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) widths[i] = headers.get(i).length();
        for (List<String> r : rows)
            for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], Style.width(cell(r, i)));
        StringBuilder b = new StringBuilder();
        line(b, headers, widths, style, true);
        for (List<String> r : rows) line(b, r, widths, style, false);
        return b.toString();
    }

    private static String cell(List<String> r, int i) {
        String s = r.get(i);
        return s == null ? "" : s;
    }

    private static void line(StringBuilder b, List<String> cells, int[] widths, Style style, boolean header) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String c = cell(cells, i);
            l.append(header ? style.bold(c) : c);
            if (i < widths.length - 1) l.append(" ".repeat(widths[i] - Style.width(c) + 2));
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
