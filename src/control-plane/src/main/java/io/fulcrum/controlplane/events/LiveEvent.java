package io.fulcrum.controlplane.events;

import java.time.Instant;
import java.util.List;

/**
 * One event of the control plane, as the hub carries it: the domain form, apart from its wire forms
 * ({@link EventJson} for REST, {@code grpc.management.EventProtos} for gRPC). The fields are the ones
 * docs/events.md names; strings that come from agents (VRRP states, health) are kept as they came.
 */
public sealed interface LiveEvent {
    EventType type();

    /** A committed revision and what it changed (one audit record). */
    record Revision(long revision, Instant at, List<Change> changes) implements LiveEvent {
        public EventType type() {
            return EventType.REVISION;
        }
    }

    /**
     * One change: resource is director, vrrp-group, virtual-server or real-server; for a real server,
     * name is its virtual server's and realServer its own. action is create, update or delete.
     */
    record Change(String resource, String name, String realServer, String action, String by) {}

    enum AgentAction {
        CONNECTED("connected"),
        DISCONNECTED("disconnected"),
        ACK("ack"),
        NACK("nack");

        public final String wire;

        AgentAction(String wire) {
            this.wire = wire;
        }
    }

    /** An agent connected, disconnected, acked or nacked; error only on a nack. */
    record Agent(String director, AgentAction action, long revision, String agentVersion, Instant at, NackError error)
            implements LiveEvent {
        public EventType type() {
            return EventType.AGENT;
        }
    }

    /** Why an agent refused a revision: resource "virtual-server/web" and pointer may be null. */
    record NackError(String detail, String resource, String pointer) {}

    /** A VRRP group changed state on a director; previous is null when no earlier state was known. */
    record Vrrp(
            String director,
            String group,
            String state,
            String previous,
            int priority,
            int effectivePriority,
            String reason,
            Instant at)
            implements LiveEvent {
        public EventType type() {
            return EventType.VRRP;
        }
    }

    /** A real server's health changed as a director sees it; previous is null when not known before. */
    record Health(
            String director,
            String virtualServer,
            String realServer,
            String health,
            String previous,
            String reason,
            Instant since)
            implements LiveEvent {
        public EventType type() {
            return EventType.HEALTH;
        }
    }

    /** A director's counters (rates per second). */
    record Counters(String director, Instant at, List<VirtualServerCounters> virtualServers) implements LiveEvent {
        public EventType type() {
            return EventType.COUNTERS;
        }
    }

    record VirtualServerCounters(
            String name,
            long connections,
            long cps,
            long ppsIn,
            long ppsOut,
            long bpsIn,
            long bpsOut,
            List<RealServerCounters> realServers) {}

    record RealServerCounters(
            String name, long activeConnections, long inactiveConnections, long cps, long bpsIn, long bpsOut) {}

    /** The watcher must re-read the state; revision is the newest one known. */
    record Resync(String reason, long revision) implements LiveEvent {
        public static final String FELL_BEHIND = "client fell behind";
        public static final String UNKNOWN_ID = "unknown Last-Event-ID";

        public EventType type() {
            return EventType.RESYNC;
        }
    }
}
