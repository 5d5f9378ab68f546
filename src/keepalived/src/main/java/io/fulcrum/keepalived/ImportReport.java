package io.fulcrum.keepalived;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What became of every keyword of an import: mapped, approximated (and how), or not supported (and why). */
public final class ImportReport {

    public enum Status {
        MAPPED,
        APPROXIMATED,
        NOT_SUPPORTED
    }

    public record Entry(String file, int line, String keyword, Status status, String note) {
        /** "file:line: keyword: status: note", the line the CLI prints. */
        public String format() {
            return file + ":" + line + ": " + keyword + ": "
                    + status.name().toLowerCase().replace('_', ' ')
                    + (note == null || note.isEmpty() ? "" : ": " + note);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    void add(ConfNode n, Status status, String note) {
        String key = n.file() + "|" + n.line() + "|" + n.keyword();
        Entry before = entries.get(key);
        // one file read for several nodes reports a keyword once; the strongest verdict wins
        if (before != null && before.status().ordinal() >= status.ordinal()) return;
        entries.put(key, new Entry(n.file(), n.line(), n.keyword(), status, note));
    }

    /** A finding about the whole import, not one keyword (e.g. a missing director address). */
    void note(String file, String keyword, Status status, String note) {
        entries.putIfAbsent(file + "|0|" + keyword + "|" + note, new Entry(file, 0, keyword, status, note));
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(Comparator.comparing(Entry::file).thenComparingInt(Entry::line));
        return out;
    }

    public List<Entry> with(Status s) {
        return entries().stream().filter(e -> e.status() == s).toList();
    }

    /** Every entry, one per line, then a count of each status. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        int[] counts = new int[Status.values().length];
        for (Entry e : entries()) {
            sb.append(e.format()).append('\n');
            counts[e.status().ordinal()]++;
        }
        sb.append(counts[0])
                .append(" mapped, ")
                .append(counts[1])
                .append(" approximated, ")
                .append(counts[2])
                .append(" not supported\n");
        return sb.toString();
    }
}
