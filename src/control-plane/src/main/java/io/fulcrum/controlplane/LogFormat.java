package io.fulcrum.controlplane;

import io.fulcrum.runtime.Logs;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtHandler;

/**
 * {@code FULCRUM_LOG_FORMAT=json}: the control plane logs one JSON object a line, as the agent does
 * ({@link Logs}: time, level, logger, thread, message, error), from the start of the application on: the
 * console handler Quarkus made gets the JSON formatter (the quarkus-logging-json extension is not served at
 * this Quarkus version). {@code FULCRUM_LOG_LEVEL} (error, warning, info, debug, trace, as the agent's) sets the
 * root level; {@code quarkus.log.category."NAME".level} sets one category's.
 */
@ApplicationScoped
public class LogFormat {
    static final String FORMAT = "fulcrum.log-format";
    static final String LEVEL = "fulcrum.log-level";

    void onStart(@Observes @Priority(1) StartupEvent e) {
        String format = Settings.get(FORMAT);
        Logger root = Logger.getLogger("");
        if (format != null && Logs.parseFormat(format) == Logs.Format.JSON) {
            for (Handler h : root.getHandlers()) json(h);
        }
        String level = Settings.get(LEVEL);
        if (level != null) root.setLevel(Logs.toJul(Logs.parseLevel(level)));
    }

    /** Gives {@code h}, or each handler it passes records on to, the JSON formatter. */
    static void json(Handler h) {
        if (h instanceof ExtHandler x && x.getHandlers().length > 0) {
            for (Handler nested : x.getHandlers()) json(nested);
        } else {
            h.setFormatter(Logs.formatter(Logs.Format.JSON));
        }
    }
}
