package io.fulcrum.controlplane;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Everything the in-process control plane logs while it is started: to check that no secret is logged. */
final class LogCapture extends Handler {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    void start() {
        Logger.getLogger("").addHandler(this);
    }

    void stop() {
        Logger.getLogger("").removeHandler(this);
    }

    /** Every record so far, message, parameters and stack trace, one after another. */
    String text() {
        return String.join("\n", lines);
    }

    /** Every record so far, one entry each. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord r) {
        StringWriter w = new StringWriter();
        w.write(String.valueOf(r.getMessage()));
        if (r.getParameters() != null) for (Object p : r.getParameters()) w.write(" " + p);
        if (r.getThrown() != null) r.getThrown().printStackTrace(new PrintWriter(w));
        lines.add(w.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
