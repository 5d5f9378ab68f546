package io.fulcrum.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What Fulcrum's classes log ({@link System.Logger}, which reaches java.util.logging), for a test that
 * checks the agent's log lines as an operator would read them: a handler on the "io.fulcrum" logger until
 * {@link #close()}. One helper for every test of the module.
 */
public final class LogCapture implements AutoCloseable {
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private final Logger logger = Logger.getLogger("io.fulcrum"); // held: java.util.logging keeps loggers weakly
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String m = FORMAT.formatMessage(r);
            lines.add(r.getThrown() == null ? m : m + " " + r.getThrown());
        }

        @Override public void flush() { }

        @Override public void close() { }
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Captures from now on what every io.fulcrum class logs (INFO and above). */
    public static LogCapture start() { return new LogCapture(); }

    /** The messages so far, one a line. */
    public String text() { return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"); }

    @Override
    public void close() { logger.removeHandler(handler); }
}
