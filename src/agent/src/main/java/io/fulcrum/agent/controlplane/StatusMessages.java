package io.fulcrum.agent.controlplane;

import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.PlanText;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.run.AgentVrrp;
import io.fulcrum.agent.run.Outcome;
import io.fulcrum.agent.run.Reports;
import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.api.agent.v1.Ack;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.Counters;
import io.fulcrum.api.agent.v1.DestinationStatus;
import io.fulcrum.api.agent.v1.Drift;
import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ServiceStatus;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.agent.v1.VrrpStatus;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.VrrpState;
import io.fulcrum.health.HealthEvent;
import io.fulcrum.health.HealthView;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where the agent's, the health checker's and VRRP's types become messages of the
 * agent protocol (fulcrum.agent.v1): hello, ACK, NACK with the failing objects, status and events.
 */
public final class StatusMessages {
    private StatusMessages() {}

    /** What the agent implements: Hello.capabilities. */
    public static final List<String> CAPABILITIES = List.of("ipvs", "vrrp", "health", "digest");

    public static AgentMessage hello(String director, String token, String softwareVersion, AppliedState applied) {
        return hello(director, token, softwareVersion, applied.revision(), applied.digest());
    }

    /** The hello of an agent whose state in force is revision {@code revision} with {@code digest} (0 and "": none). */
    public static AgentMessage hello(
            String director, String token, String softwareVersion, long revision, String digest) {
        return AgentMessage.newBuilder()
                .setHello(Hello.newBuilder()
                        .setDirector(director)
                        .setToken(token)
                        .setSoftwareVersion(softwareVersion)
                        .addAllCapabilities(CAPABILITIES)
                        .setAppliedRevision(revision)
                        .setAppliedDigest(digest))
                .build();
    }

    public static AgentMessage ack(long revision) {
        return AgentMessage.newBuilder()
                .setAck(Ack.newBuilder().setRevision(revision))
                .build();
    }

    public static AgentMessage nack(long revision, List<ObjectError> errors) {
        return AgentMessage.newBuilder()
                .setNack(Nack.newBuilder().setRevision(revision).addAllErrors(errors))
                .build();
    }

    public static AgentMessage status(Status s) {
        return AgentMessage.newBuilder().setStatus(s).build();
    }

    /** A status that carries only {@code events} (full = false: the last full status stays). */
    public static AgentMessage events(List<Event> events) {
        return status(Status.newBuilder()
                .setAtUnixMillis(System.currentTimeMillis())
                .setFull(false)
                .addAllEvents(events)
                .build());
    }

    // ------------------------------------------------------------------ NACK errors

    /** An error about the state as a whole. */
    public static ObjectError error(String field, String message) {
        return ObjectError.newBuilder()
                .setField(field == null ? "" : field)
                .setMessage(message)
                .build();
    }

    private static ObjectError error(DesiredStates.Key key, String field, String message) {
        ObjectError.Builder b = ObjectError.newBuilder().setField(field).setMessage(message);
        if (key != null) b.setObject(DesiredStates.wire(key));
        return b.build();
    }

    /** The errors of a state {@link DesiredDocuments#document} refused, each on the resource it names. */
    public static List<ObjectError> errors(List<DesiredDocuments.Problem> problems) {
        List<ObjectError> out = new ArrayList<>();
        for (DesiredDocuments.Problem p : problems) out.add(error(p.at().key(), p.at().field(), p.message()));
        return out;
    }

    /**
     * The agent loop's refusals of the document a state made up, each on the resource its error names
     * (the health checker, the scripts' checks and the document's own checks name it); an error that
     * names none concerns the state as a whole ("/directors": this director is not in it).
     */
    public static List<ObjectError> refusals(List<FieldError> errors) {
        List<ObjectError> out = new ArrayList<>();
        for (FieldError f : errors) {
            if (f.object() != null) out.add(error(DesiredStates.Key.of(f.object()), f.pointer(), f.message()));
            else out.add(error(null, f.field() == null ? "" : f.field(), f.message()));
        }
        return out;
    }

    /** The kernel's refusals, each on the virtual or real server whose rule it is (none: a rule this state does not name). */
    public static List<ObjectError> kernelErrors(List<VirtualServer> served, List<Outcome.Failure> failures) {
        Map<ServiceKey, VirtualServer> byKey = new HashMap<>();
        for (VirtualServer v : served) byKey.put(DesiredTables.serviceKey(v), v);
        List<ObjectError> out = new ArrayList<>();
        for (Outcome.Failure f : failures) {
            if (f.step() == null) {
                out.add(error("", f.message()));
                continue;
            }
            String message = "the kernel refused: " + PlanText.describe(f.step()) + ": " + f.message();
            VirtualServer v = byKey.get(service(f.step()));
            Destination.Key d = destination(f.step());
            if (v == null) {
                out.add(error("", message));
            } else if (d == null) {
                out.add(error(DesiredStates.Key.virtualServer(v.name()), "", message));
            } else {
                RealServer r = realServer(v, d.address(), d.port());
                if (r != null) out.add(error(DesiredStates.Key.realServer(v.name(), r.name()), "", message));
                else
                    out.add(error(
                            DesiredStates.Key.virtualServer(v.name()),
                            isSorry(v, d.address(), d.port()) ? "/sorryServer" : "",
                            message));
            }
        }
        return out;
    }

    private static ServiceKey service(Step s) {
        if (s instanceof Step.AddService a) return a.service().key();
        if (s instanceof Step.EditService e) return e.after().key();
        if (s instanceof Step.DeleteService d) return d.key();
        if (s instanceof Step.AddDestination a) return a.service();
        if (s instanceof Step.EditDestination e) return e.service();
        return ((Step.DeleteDestination) s).service();
    }

    private static Destination.Key destination(Step s) {
        if (s instanceof Step.AddDestination a) return a.destination().key();
        if (s instanceof Step.EditDestination e) return e.after().key();
        if (s instanceof Step.DeleteDestination d) return d.destination();
        return null;
    }

    // ------------------------------------------------------------------ status

    /** A full status: counters per virtual and real server, drift, VRRP states and real-server health. */
    public static Status status(StatusSnapshot s) {
        Status.Builder b =
                Status.newBuilder().setAtUnixMillis(s.at().toEpochMilli()).setFull(true);
        Map<ServiceKey, ServiceStats> kernel = new HashMap<>();
        for (ServiceStats st : s.kernel()) kernel.put(st.key(), st);
        for (VirtualServer v : s.served()) {
            ServiceStats st = kernel.get(DesiredTables.serviceKey(v));
            if (st != null) b.addServices(service(v, st));
        }
        for (Plan.Drift d : s.drift())
            b.addDrift(Drift.newBuilder().setService(ipvsadm(d.service())).setDescription(d.description()));
        for (AgentVrrp.GroupStatus g : s.vrrp()) {
            b.addVrrp(VrrpStatus.newBuilder()
                    .setGroup(g.group())
                    .setState(vrrpState(g.state()))
                    .setPriority(g.priority())
                    .setEffectivePriority(g.effectivePriority())
                    .setSinceUnixMillis(g.since().toEpochMilli())
                    .setReason(g.reason() == null ? "" : g.reason()));
        }
        for (VirtualServer v : s.served()) {
            for (RealServer r : v.realServers()) b.addHealth(health(v, r, s.health()));
        }
        if (s.ipvsUnavailable() != null) b.addFaults("IPVS unavailable: " + s.ipvsUnavailable());
        return b.build();
    }

    static ServiceStatus service(VirtualServer v, ServiceStats st) {
        ServiceStatus.Builder b =
                ServiceStatus.newBuilder().setVirtualServer(v.name()).setCounters(counters(st.counters()));
        for (ServiceStats.DestinationStats d : st.destinations()) {
            RealServer r = realServer(v, d.key().address(), d.key().port());
            b.addDestinations(DestinationStatus.newBuilder()
                    .setRealServer(r == null ? "" : r.name())
                    .setAddress(Addresses.format(d.key().address()))
                    .setPort(d.key().port())
                    .setWeight(Math.max(0, d.weight()))
                    .setActiveConnections((int) Math.min(d.activeConnections(), 0xffffffffL))
                    .setInactiveConnections((int) Math.min(d.inactiveConnections(), 0xffffffffL))
                    .setCounters(counters(d.counters()))
                    .setSorryServer(
                            r == null && isSorry(v, d.key().address(), d.key().port())));
        }
        return b.build();
    }

    static Counters counters(ServiceStats.Counters c) {
        return Counters.newBuilder()
                .setConnections(c.connections())
                .setPacketsIn(c.packetsIn())
                .setPacketsOut(c.packetsOut())
                .setBytesIn(c.bytesIn())
                .setBytesOut(c.bytesOut())
                .setCps(c.connectionsPerSecond())
                .setPpsIn(c.packetsInPerSecond())
                .setPpsOut(c.packetsOutPerSecond())
                .setBpsIn(c.bytesInPerSecond())
                .setBpsOut(c.bytesOutPerSecond())
                .build();
    }

    static RealServerHealth health(VirtualServer v, RealServer r, HealthView view) {
        RealServerHealth.Builder b =
                RealServerHealth.newBuilder().setVirtualServer(v.name()).setRealServer(r.name());
        io.fulcrum.health.decide.RealServerHealth h = view.get(v.name(), r.name());
        if (h == null)
            return b.setHealth(Health.HEALTH_UNKNOWN)
                    .setReason("not seen by the health checker yet")
                    .build();
        b.setHealth(health(h.health())).setReason(h.reason() == null ? "" : h.reason());
        if (h.since() != null) b.setSinceUnixMillis(h.since().toEpochMilli());
        if (h.weight() != null) b.setWeight(Math.max(0, h.weight()));
        return b.build();
    }

    static Health health(io.fulcrum.health.decide.Health h) {
        return switch (h) {
            case UP -> Health.HEALTH_UP;
            case DOWN -> Health.HEALTH_DOWN;
        };
    }

    /** The protocol's VRRP states (fulcrum.v1.VrrpState). */
    public static VrrpState vrrpState(State s) {
        return switch (s) {
            case INITIALIZE -> VrrpState.VRRP_STATE_INIT;
            case BACKUP -> VrrpState.VRRP_STATE_BACKUP;
            case MASTER -> VrrpState.VRRP_STATE_MASTER;
            case FAULT -> VrrpState.VRRP_STATE_FAULT;
        };
    }

    /** The names of the VRRP states in events: INIT, BACKUP, MASTER, FAULT. */
    public static String state(State s) {
        return s == State.INITIALIZE ? "INIT" : s.name();
    }

    /** A kernel service as ipvsadm shows it: "TCP 10.0.0.1:80", "UDP [2001:db8::1]:53", "FWM 7", "FWM 7 IPv6". */
    public static String ipvsadm(ServiceKey k) {
        if (k.isFwmark()) return "FWM " + k.fwmark() + (k.family() == Enums.AddressFamily.INET6 ? " IPv6" : "");
        return k.protocol().name() + " " + endpoint(k.address(), k.port());
    }

    private static String endpoint(InetAddress a, int port) {
        return (a instanceof Inet6Address ? "[" + Addresses.format(a) + "]" : Addresses.format(a)) + ":" + port;
    }

    // ------------------------------------------------------------------ events

    public static Event event(HealthEvent e) {
        String kind = e instanceof HealthEvent.RealServerChanged
                ? "health"
                : e instanceof HealthEvent.QuorumChanged ? "quorum" : "sorry-server";
        String subject = e instanceof HealthEvent.RealServerChanged c
                ? c.virtualServer() + "/" + c.realServer()
                : e.virtualServer();
        return Event.newBuilder()
                .setAtUnixMillis(e.at().toEpochMilli())
                .setKind(kind)
                .setSubject(subject)
                .setMessage(Reports.describe(e))
                .build();
    }

    public static Event vrrpEvent(Instant at, String group, State from, State to, String reason) {
        return Event.newBuilder()
                .setAtUnixMillis(at.toEpochMilli())
                .setKind("vrrp")
                .setSubject(group)
                .setMessage(
                        state(from) + " -> " + state(to) + (reason == null || reason.isEmpty() ? "" : ": " + reason))
                .build();
    }

    public static Event notice(Instant at, String kind, String subject, String message) {
        return Event.newBuilder()
                .setAtUnixMillis(at.toEpochMilli())
                .setKind(kind)
                .setSubject(subject)
                .setMessage(message)
                .build();
    }

    // ------------------------------------------------------------------ names of kernel objects

    private static RealServer realServer(VirtualServer v, InetAddress address, int port) {
        for (RealServer r : v.realServers()) {
            if (r.address().equals(address) && Validator.effectivePort(v, r) == port) return r;
        }
        return null;
    }

    private static boolean isSorry(VirtualServer v, InetAddress address, int port) {
        return v.sorryServer() != null
                && v.sorryServer().address().equals(address)
                && Validator.effectivePort(v, v.sorryServer()) == port;
    }
}
