package io.fulcrum.controlplane.grpc.management;

import io.fulcrum.api.v1.AgentAction;
import io.fulcrum.api.v1.AgentEvent;
import io.fulcrum.api.v1.Change;
import io.fulcrum.api.v1.ChangeAction;
import io.fulcrum.api.v1.CountersEvent;
import io.fulcrum.api.v1.Event;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.HealthEvent;
import io.fulcrum.api.v1.NackError;
import io.fulcrum.api.v1.RealServerCounters;
import io.fulcrum.api.v1.ResourceKind;
import io.fulcrum.api.v1.Resync;
import io.fulcrum.api.v1.RevisionEvent;
import io.fulcrum.api.v1.VirtualServerCounters;
import io.fulcrum.api.v1.VrrpEvent;
import io.fulcrum.api.v1.VrrpState;
import io.fulcrum.api.v1.WatchRequest;
import io.fulcrum.api.v1.WatchResponse;
import io.fulcrum.controlplane.events.EventQuery;
import io.fulcrum.controlplane.events.EventType;
import io.fulcrum.controlplane.events.LiveEvent;
import io.fulcrum.controlplane.events.Sequenced;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The one conversion between the event source's domain events and fulcrum.v1's Watch messages. */
final class EventProtos {
    private EventProtos() {}

    /** What a WatchRequest asks for; INVALID_ARGUMENT (a 400 problem) naming every bad field. */
    static EventQuery query(WatchRequest r) {
        List<FieldError> errors = new ArrayList<>();
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (io.fulcrum.api.v1.EventType t : r.getTypesList()) {
            EventType d = switch (t) {
                case EVENT_TYPE_REVISION -> EventType.REVISION;
                case EVENT_TYPE_AGENT -> EventType.AGENT;
                case EVENT_TYPE_VRRP -> EventType.VRRP;
                case EVENT_TYPE_HEALTH -> EventType.HEALTH;
                case EVENT_TYPE_COUNTERS -> EventType.COUNTERS;
                default -> null;
            };
            if (d == null) errors.add(new FieldError("types", "'" + t + "' is not an event type"));
            else types.add(d);
        }
        if (r.hasSinceRevision() && r.getSinceRevision() < 0)
            errors.add(new FieldError("sinceRevision", "is not a revision (a whole number, 0 or more)"));
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
        Long last = r.hasLastEventId() ? r.getLastEventId() : null;
        Long since = last == null && r.hasSinceRevision() ? r.getSinceRevision() : null;
        return new EventQuery(types.isEmpty() ? EventType.filterable() : types, since, last);
    }

    /** {@link #event}, kept per event: one conversion for every Watch client. */
    static final Sequenced.Encoding<Event> EVENT = new Sequenced.Encoding<>("grpc", Event.class, EventProtos::event);

    /** A WatchResponse carries at most about this many bytes of events (one event may be bigger alone). */
    static final int RESPONSE_BYTES = 256 * 1024;

    /**
     * {@code batch} as few WatchResponses as {@code maxBytes} allows, in order: each event's kept
     * {@link #EVENT} (its serialized size too is computed once, by the message), none converted again.
     */
    static List<WatchResponse> responses(List<Sequenced> batch, int maxBytes) {
        List<WatchResponse> out = new ArrayList<>(1);
        WatchResponse.Builder b = WatchResponse.newBuilder();
        int bytes = 0;
        for (Sequenced s : batch) {
            Event e = s.encoded(EVENT);
            int size = e.getSerializedSize();
            if (b.getEventsCount() > 0 && bytes + size > maxBytes) {
                out.add(b.build());
                b = WatchResponse.newBuilder();
                bytes = 0;
            }
            b.addEvents(e);
            bytes += size;
        }
        if (b.getEventsCount() > 0) out.add(b.build());
        return out;
    }

    static Event event(Sequenced s) {
        Event.Builder b = Event.newBuilder().setId(s.id());
        LiveEvent e = s.event();
        if (e instanceof LiveEvent.Revision r) b.setRevision(revision(r));
        else if (e instanceof LiveEvent.Agent a) b.setAgent(agent(a));
        else if (e instanceof LiveEvent.Vrrp v) b.setVrrp(vrrp(v));
        else if (e instanceof LiveEvent.Health h) b.setHealth(health(h));
        else if (e instanceof LiveEvent.Counters c) b.setCounters(counters(c));
        else if (e instanceof LiveEvent.Resync r)
            b.setResync(Resync.newBuilder().setReason(r.reason()).setRevision(r.revision()));
        return b.build();
    }

    private static RevisionEvent revision(LiveEvent.Revision r) {
        RevisionEvent.Builder b =
                RevisionEvent.newBuilder().setRevision(r.revision()).setAtUnixMillis(millis(r.at()));
        for (LiveEvent.Change c : r.changes()) {
            b.addChanges(Change.newBuilder()
                    .setResource(
                            switch (c.resource()) {
                                case "director" -> ResourceKind.RESOURCE_KIND_DIRECTOR;
                                case "vrrp-group" -> ResourceKind.RESOURCE_KIND_VRRP_GROUP;
                                case "virtual-server" -> ResourceKind.RESOURCE_KIND_VIRTUAL_SERVER;
                                case "real-server" -> ResourceKind.RESOURCE_KIND_REAL_SERVER;
                                default -> ResourceKind.RESOURCE_KIND_UNSPECIFIED;
                            })
                    .setName(c.name())
                    .setRealServer(orEmpty(c.realServer()))
                    .setAction(
                            switch (c.action()) {
                                case "create" -> ChangeAction.CHANGE_ACTION_CREATE;
                                case "update" -> ChangeAction.CHANGE_ACTION_UPDATE;
                                case "delete" -> ChangeAction.CHANGE_ACTION_DELETE;
                                default -> ChangeAction.CHANGE_ACTION_UNSPECIFIED;
                            })
                    .setBy(orEmpty(c.by())));
        }
        return b.build();
    }

    private static AgentEvent agent(LiveEvent.Agent a) {
        AgentEvent.Builder b = AgentEvent.newBuilder()
                .setDirector(a.director())
                .setAction(
                        switch (a.action()) {
                            case CONNECTED -> AgentAction.AGENT_ACTION_CONNECTED;
                            case DISCONNECTED -> AgentAction.AGENT_ACTION_DISCONNECTED;
                            case ACK -> AgentAction.AGENT_ACTION_ACK;
                            case NACK -> AgentAction.AGENT_ACTION_NACK;
                        })
                .setRevision(a.revision())
                .setAgentVersion(orEmpty(a.agentVersion()))
                .setAtUnixMillis(millis(a.at()));
        if (a.error() != null)
            b.setError(NackError.newBuilder()
                    .setDetail(orEmpty(a.error().detail()))
                    .setResource(orEmpty(a.error().resource()))
                    .setPointer(orEmpty(a.error().pointer())));
        return b.build();
    }

    private static VrrpEvent vrrp(LiveEvent.Vrrp v) {
        return VrrpEvent.newBuilder()
                .setDirector(v.director())
                .setGroup(v.group())
                .setState(vrrpState(v.state()))
                .setPrevious(vrrpState(v.previous()))
                .setPriority(v.priority())
                .setEffectivePriority(v.effectivePriority())
                .setReason(orEmpty(v.reason()))
                .setAtUnixMillis(millis(v.at()))
                .build();
    }

    static VrrpState vrrpState(String s) {
        if (s == null) return VrrpState.VRRP_STATE_UNSPECIFIED;
        return switch (s) {
            case "INIT" -> VrrpState.VRRP_STATE_INIT;
            case "BACKUP" -> VrrpState.VRRP_STATE_BACKUP;
            case "MASTER" -> VrrpState.VRRP_STATE_MASTER;
            case "FAULT" -> VrrpState.VRRP_STATE_FAULT;
            default -> VrrpState.VRRP_STATE_UNSPECIFIED;
        };
    }

    private static HealthEvent health(LiveEvent.Health h) {
        return HealthEvent.newBuilder()
                .setDirector(h.director())
                .setVirtualServer(h.virtualServer())
                .setRealServer(h.realServer())
                .setHealth(health(h.health()))
                .setPrevious(health(h.previous()))
                .setReason(orEmpty(h.reason()))
                .setSinceUnixMillis(millis(h.since()))
                .build();
    }

    static Health health(String s) {
        if (s == null) return Health.HEALTH_UNSPECIFIED;
        return switch (s) {
            case "UP" -> Health.HEALTH_UP;
            case "DOWN" -> Health.HEALTH_DOWN;
            case "UNKNOWN" -> Health.HEALTH_UNKNOWN;
            default -> Health.HEALTH_UNSPECIFIED;
        };
    }

    private static CountersEvent counters(LiveEvent.Counters c) {
        CountersEvent.Builder b =
                CountersEvent.newBuilder().setDirector(c.director()).setAtUnixMillis(millis(c.at()));
        for (LiveEvent.VirtualServerCounters v : c.virtualServers()) {
            VirtualServerCounters.Builder vb = VirtualServerCounters.newBuilder()
                    .setName(v.name())
                    .setConnections(v.connections())
                    .setCps(v.cps())
                    .setPpsIn(v.ppsIn())
                    .setPpsOut(v.ppsOut())
                    .setBpsIn(v.bpsIn())
                    .setBpsOut(v.bpsOut());
            for (LiveEvent.RealServerCounters r : v.realServers())
                vb.addRealServers(RealServerCounters.newBuilder()
                        .setName(r.name())
                        .setActiveConnections(r.activeConnections())
                        .setInactiveConnections(r.inactiveConnections())
                        .setCps(r.cps())
                        .setBpsIn(r.bpsIn())
                        .setBpsOut(r.bpsOut()));
            b.addVirtualServers(vb);
        }
        return b.build();
    }

    private static long millis(Instant at) {
        return at == null ? 0 : at.toEpochMilli();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
