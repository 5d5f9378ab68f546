package io.fulcrum.health;

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
 * What some classes log ({@link System.Logger}, which reaches java.util.logging), for a test that checks
 * a log line: a handler on their loggers until {@link #close()}. One helper for every test of the module.
 */
public final class LogCapture implements AutoCloseable {
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private final List<Logger> loggers = new ArrayList<>(); // held: java.util.logging keeps loggers weakly
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private LogCapture(Level min, Consumer<String> also, Class<?>... classes) {
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() < min.intValue()) return;
                String m = FORMAT.formatMessage(r);
                messages.add(m);
                also.accept(m);
            }

            @Override public void flush() { }

            @Override public void close() { }
        };
        handler.setLevel(Level.ALL);
        for (Class<?> c : classes) {
            Logger l = Logger.getLogger(c.getName());
            l.addHandler(handler);
            loggers.add(l);
        }
    }

    /** The messages {@code classes} log from now on (INFO and above). */
    public static LogCapture of(Class<?>... classes) {
        return new LogCapture(Level.INFO, m -> { }, classes);
    }

    /** The messages {@code classes} log at {@code min} and above, each also handed to {@code also}. */
    public static LogCapture of(Level min, Consumer<String> also, Class<?>... classes) {
        return new LogCapture(min, also, classes);
    }

    /** The messages so far, in order. */
    public List<String> messages() { return List.copyOf(messages); }

    /** The messages so far, one a line. */
    public String text() { return String.join("\n", messages); }

    @Override
    public void close() {
        for (Logger l : loggers) l.removeHandler(handler);
    }
}
