package io.fulcrum.controlplane.events;

import io.fulcrum.api.agent.v1.Counters;
import io.fulcrum.api.agent.v1.DestinationStatus;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ServiceStatus;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.agent.v1.VrrpStatus;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.VrrpState;
import io.fulcrum.wire.api.RestJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns agents' full status reports into events, each against the director's last report: a VRRP group
 * whose state changed, a real server whose health changed, and the counters at most once per
 * {@link #COUNTERS_EVERY} per director (by the injected clock). The first report of a director (since
 * this process started) is the baseline: nothing changed yet. Reports with full = false (events only)
 * change nothing here. Thread-safe per director.
 */
public final class StatusEvents {
    public static final Duration COUNTERS_EVERY = Duration.ofSeconds(5);

    private final Clock clock;
    private final Map<String, Known> known = new HashMap<>();

    /** A director's last VRRP states (by group) and health (by "virtual server/real server"), as REST spells them. */
    private static final class Known {
        final Map<String, String> vrrp = new HashMap<>();
        final Map<String, String> health = new HashMap<>();
        Instant countersSent;
    }

    public StatusEvents(Clock clock) {
        this.clock = clock;
    }

    /** The events {@code st} means for {@code director}, in report order: VRRP, health, then counters. */
    public synchronized List<LiveEvent> next(String director, Status st) {
        if (!st.getFull()) return List.of();
        Instant now = clock.instant();
        Known before = known.get(director);
        Known k = new Known();
        List<LiveEvent> out = new ArrayList<>();
        for (VrrpStatus v : st.getVrrpList()) {
            String state = RestJson.spelling(VrrpState.getDescriptor(), v.getStateValue());
            k.vrrp.put(v.getGroup(), state);
            String previous = before == null ? null : before.vrrp.get(v.getGroup());
            if (before != null && !state.equals(previous)) {
                out.add(new LiveEvent.Vrrp(
                        director,
                        v.getGroup(),
                        state,
                        previous,
                        v.getPriority(),
                        v.getEffectivePriority(),
                        blankToNull(v.getReason()),
                        v.getSinceUnixMillis() > 0 ? Instant.ofEpochMilli(v.getSinceUnixMillis()) : now));
            }
        }
        for (RealServerHealth h : st.getHealthList()) {
            String key = h.getVirtualServer() + "/" + h.getRealServer();
            String health = RestJson.spelling(Health.getDescriptor(), h.getHealthValue());
            k.health.put(key, health);
            String previous = before == null ? null : before.health.get(key);
            if (before != null && !health.equals(previous)) {
                out.add(new LiveEvent.Health(
                        director,
                        h.getVirtualServer(),
                        h.getRealServer(),
                        health,
                        previous,
                        blankToNull(h.getReason()),
                        h.getSinceUnixMillis() > 0 ? Instant.ofEpochMilli(h.getSinceUnixMillis()) : now));
            }
        }
        k.countersSent = before == null ? null : before.countersSent;
        if (st.getServicesCount() > 0
                && (k.countersSent == null || !now.isBefore(k.countersSent.plus(COUNTERS_EVERY)))) {
            k.countersSent = now;
            out.add(counters(director, st, now));
        }
        known.put(director, k);
        return out;
    }

    private static LiveEvent.Counters counters(String director, Status st, Instant now) {
        List<LiveEvent.VirtualServerCounters> vs = new ArrayList<>();
        for (ServiceStatus s : st.getServicesList()) {
            List<LiveEvent.RealServerCounters> rs = new ArrayList<>();
            for (DestinationStatus d : s.getDestinationsList()) {
                Counters c = d.getCounters();
                String name = d.getRealServer().isEmpty() ? d.getAddress() + ":" + d.getPort() : d.getRealServer();
                rs.add(new LiveEvent.RealServerCounters(
                        name,
                        Integer.toUnsignedLong(d.getActiveConnections()),
                        Integer.toUnsignedLong(d.getInactiveConnections()),
                        c.getCps(),
                        c.getBpsIn(),
                        c.getBpsOut()));
            }
            Counters c = s.getCounters();
            vs.add(new LiveEvent.VirtualServerCounters(
                    s.getVirtualServer(),
                    c.getConnections(),
                    c.getCps(),
                    c.getPpsIn(),
                    c.getPpsOut(),
                    c.getBpsIn(),
                    c.getBpsOut(),
                    rs));
        }
        return new LiveEvent.Counters(director, now, vs);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
