package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import java.util.Locale;

/** One line per step, as an operator reads a plan. */
public final class PlanText {
    private PlanText() {}

    public static String describe(Step step) {
        if (step instanceof Step.AddService a)
            return "add service " + a.service().key() + " " + settings(a.service());
        if (step instanceof Step.EditService e)
            return "edit service " + e.after().key() + " " + settings(e.before()) + " -> " + settings(e.after());
        if (step instanceof Step.DeleteService d) return "delete service " + d.key();
        if (step instanceof Step.AddDestination a)
            return "add destination " + a.destination().key() + " to " + a.service() + " " + settings(a.destination());
        if (step instanceof Step.EditDestination e)
            return "edit destination " + e.after().key() + " of " + e.service() + " " + settings(e.before()) + " -> "
                    + settings(e.after());
        Step.DeleteDestination d = (Step.DeleteDestination) step;
        return "delete destination " + d.destination() + " from " + d.service();
    }

    static String settings(Service s) {
        StringBuilder b = new StringBuilder(
                s.scheduler() == null ? "?" : s.scheduler().name().toLowerCase(Locale.ROOT));
        s.schedulerFlags().stream()
                .sorted()
                .forEach(f ->
                        b.append(' ').append(f.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        if (s.persistence() != null)
            b.append(" persistent ")
                    .append(s.persistence().toSeconds())
                    .append("s/")
                    .append(s.persistencePrefix());
        if (s.onePacket()) b.append(" ops");
        return b.toString();
    }

    static String settings(Destination d) {
        StringBuilder b = new StringBuilder(d.forwarding().name().toLowerCase(Locale.ROOT));
        if (d.tunnelType() != null) b.append('/').append(d.tunnelType().name().toLowerCase(Locale.ROOT));
        b.append(" weight ").append(d.weight());
        if (d.upperThreshold() > 0 || d.lowerThreshold() > 0)
            b.append(" thresholds ").append(d.lowerThreshold()).append('-').append(d.upperThreshold());
        return b.toString();
    }
}
