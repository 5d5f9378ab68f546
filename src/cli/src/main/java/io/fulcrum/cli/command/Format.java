package io.fulcrum.cli.command;

import java.util.Iterator;
import java.util.List;

/** The {@code -o} output formats: a table for people, YAML, or JSON for scripts (members in the API's order). */
enum Format {
    TABLE,
    YAML,
    JSON;

    /** The completion candidates and help text of {@code -o}: lower case. */
    static final class All implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "yaml", "json").iterator();
        }
    }

    /** {@code -o} of commands that print a document (no table). */
    static final class Documents implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("yaml", "json").iterator();
        }
    }

    /** {@code -o} of commands whose text is not a table (plan, status): text or JSON. */
    static final class TextOrJson implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "json").iterator();
        }
    }
}
