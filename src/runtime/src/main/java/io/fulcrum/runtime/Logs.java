package io.fulcrum.runtime;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The logging set-up of a plain Fulcrum process (the agent and the commands; the control plane has
 * Quarkus's). Code everywhere logs through {@link System.Logger} ({@code System.getLogger(X.class.getName())})
 * with a level; this routes those records to one handler with one format:
 * <pre>2026-12-07T06:30:00.123Z INFO  agent.run.AgentLoop: applied revision 7</pre>
 * or, with {@code FULCRUM_LOG_FORMAT=json}, one JSON object a line ({@code time, level, logger, message,
 * error}). {@code FULCRUM_LOG_LEVEL} (error, warning, info, debug, trace; info by default) sets the level.
 * Under Quarkus, {@code System.Logger} reaches JBoss LogManager through java.util.logging, so the same
 * calls work in the control plane.
 */
public final class Logs {
    private Logs() {}

    /** Text or JSON lines. */
    public enum Format {
        TEXT,
        JSON
    }

    /**
     * Makes java.util.logging's manager a {@link Manager} (keeping the handlers until the JVM halts), for a
     * process's main class to call in its static initializer, before its first logger: without it,
     * java.util.logging's own shutdown hook removes the handlers while {@link Shutdown} still logs the
     * process's last lines (its parts stopping). No effect once java.util.logging is initialized.
     */
    public static void keepHandlersUntilExit() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", Manager.class.getName());
        }
    }

    /** The LogManager of {@link #keepHandlersUntilExit}: its reset at JVM shutdown is skipped. */
    public static final class Manager extends LogManager {
        public Manager() {}

        @Override
        public void reset() {
            if (!shuttingDown()) super.reset();
        }

        private static boolean shuttingDown() {
            Thread probe = new Thread(() -> {}); // never started: only asks whether hooks can still be added
            try {
                Runtime.getRuntime().addShutdownHook(probe);
                Runtime.getRuntime().removeShutdownHook(probe);
                return false;
            } catch (IllegalStateException e) {
                return true;
            }
        }
    }

    /** Configures from {@code FULCRUM_LOG_FORMAT} and {@code FULCRUM_LOG_LEVEL}, writing to {@code out}. */
    public static void configureFromEnvironment(PrintStream out) {
        String format = System.getenv().getOrDefault("FULCRUM_LOG_FORMAT", "text");
        String level = System.getenv().getOrDefault("FULCRUM_LOG_LEVEL", "info");
        configure(out, parseFormat(format), parseLevel(level));
    }

    /** Replaces the root handlers by one writing {@code format} lines at {@code level} and above to {@code out}. */
    public static void configure(OutputStream out, Format format, System.Logger.Level level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler h = new StreamHandler(out, format == Format.JSON ? new JsonFormatter() : new TextFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        Level jul = toJul(level);
        h.setLevel(jul);
        root.setLevel(jul);
        root.addHandler(h);
    }

    /**
     * The formatter of {@code format}'s lines, for a process whose handlers someone else made (the control
     * plane: Quarkus's console handler gets the JSON one).
     */
    public static Formatter formatter(Format format) {
        return format == Format.JSON ? new JsonFormatter() : new TextFormatter();
    }

    public static Format parseFormat(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "text", "" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new IllegalArgumentException("FULCRUM_LOG_FORMAT must be text or json, not '" + s + "'");
        };
    }

    public static System.Logger.Level parseLevel(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "error" -> System.Logger.Level.ERROR;
            case "warning", "warn" -> System.Logger.Level.WARNING;
            case "info", "" -> System.Logger.Level.INFO;
            case "debug" -> System.Logger.Level.DEBUG;
            case "trace" -> System.Logger.Level.TRACE;
            default ->
                throw new IllegalArgumentException(
                        "FULCRUM_LOG_LEVEL must be error, warning, info, debug or trace, not '" + s + "'");
        };
    }

    public static Level toJul(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> Level.FINER;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    static String levelName(Level l) {
        int v = l.intValue();
        if (v >= Level.SEVERE.intValue()) return "ERROR";
        if (v >= Level.WARNING.intValue()) return "WARN";
        if (v >= Level.INFO.intValue()) return "INFO";
        if (v >= Level.FINE.intValue()) return "DEBUG";
        return "TRACE";
    }

    /** {@code io.fulcrum.agent.run.AgentLoop} -> {@code agent.run.AgentLoop}. */
    static String shortName(String logger) {
        if (logger == null) return "";
        return logger.startsWith("io.fulcrum.") ? logger.substring("io.fulcrum.".length()) : logger;
    }

    static final class TextFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(128)
                    .append(Instant.ofEpochMilli(r.getMillis()))
                    .append(' ')
                    .append(String.format("%-5s", levelName(r.getLevel())))
                    .append(' ')
                    .append(shortName(r.getLoggerName()))
                    .append(": ")
                    .append(formatMessage(r))
                    .append('\n');
            if (r.getThrown() != null) b.append(stackTrace(r.getThrown()));
            return b.toString();
        }
    }

    static final class JsonFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(160)
                    .append("{\"time\":\"")
                    .append(Instant.ofEpochMilli(r.getMillis()))
                    .append("\",\"level\":\"")
                    .append(levelName(r.getLevel()))
                    .append("\",\"logger\":");
            quote(b, shortName(r.getLoggerName()));
            b.append(",\"thread\":");
            quote(b, Thread.currentThread().getName());
            b.append(",\"message\":");
            quote(b, formatMessage(r));
            if (r.getThrown() != null) {
                b.append(",\"error\":");
                quote(b, stackTrace(r.getThrown()));
            }
            return b.append("}\n").toString();
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Appends {@code s} as a JSON string (RFC 8259 section 7). */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
