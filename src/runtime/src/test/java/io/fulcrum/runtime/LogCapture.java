package io.fulcrum.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What code logs through {@link System.Logger} (which reaches java.util.logging), for a test that checks
 * a log line: a handler on the chosen loggers until {@link #close()}. The one such helper of every
 * module's tests (this module's test-jar).
 */
public final class LogCapture implements AutoCloseable {
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private final List<Logger> loggers = new ArrayList<>(); // held: java.util.logging keeps loggers weakly
    private final List<Level> levelsBefore = new ArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private LogCapture(Level min, boolean withErrors, Consumer<String> also, boolean lowerLevels, String... names) {
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() < min.intValue()) return;
                String m = FORMAT.formatMessage(r);
                if (withErrors && r.getThrown() != null) m = m + " " + r.getThrown();
                lines.add(m);
                also.accept(m);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        for (String n : names) {
            Logger l = Logger.getLogger(n);
            levelsBefore.add(l.getLevel());
            if (lowerLevels) l.setLevel(min);
            l.addHandler(handler);
            loggers.add(l);
        }
    }

    /** What {@code classes} log from now on (INFO and above). */
    public static LogCapture of(Class<?>... classes) {
        return of(Level.INFO, m -> {}, classes);
    }

    /** What {@code classes} log at {@code min} and above, each message also handed to {@code also}. */
    public static LogCapture of(Level min, Consumer<String> also, Class<?>... classes) {
        String[] names = new String[classes.length];
        for (int i = 0; i < classes.length; i++) names[i] = classes[i].getName();
        return new LogCapture(min, false, also, false, names);
    }

    /** Everything every io.fulcrum class logs from now on (INFO and above), a failure's exception after its message. */
    public static LogCapture start() {
        return new LogCapture(Level.INFO, true, m -> {}, false, "io.fulcrum");
    }

    /** Every level that the loggers under {@code prefix} log (their level lowered until {@link #close()}). */
    public static LogCapture everything(String prefix) {
        return new LogCapture(Level.ALL, false, m -> {}, true, prefix);
    }

    /** The messages so far, in order: a live view. */
    public List<String> lines() {
        return lines;
    }

    /** The messages so far, in order. */
    public List<String> messages() {
        return List.copyOf(lines);
    }

    /** The messages so far, each ended by a new line. */
    public String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(handler);
            loggers.get(i).setLevel(levelsBefore.get(i));
        }
    }
}
