package io.fulcrum.vrrp.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines the VRRP runtime logs (through {@link System.Logger}, which reaches java.util.logging), every
 * level, captured for a test's assertions while it is open.
 */
final class LogCapture implements AutoCloseable {
    /** Held: java.util.logging keeps loggers weakly, and would drop the handler with it. */
    private final Logger logger = Logger.getLogger("io.fulcrum.vrrp");
    private final Level levelBefore = logger.getLevel();
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
    }
}
