package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.run.AgentVrrp;
import io.fulcrum.agent.run.Outcome;
import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.api.agent.v1.DestinationStatus;
import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.health.HealthEvent;
import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.CheckResult;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.fulcrum.wire.api.RestJson;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMessagesTest {
    static final ConfigDocument DOC = DocumentCodec.decodeDocument(DocumentCodec.parse("""
            apiVersion: fulcrum/v1
            directors: [{name: lb1, managementAddress: 10.0.0.1}]
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                scheduler: wrr
                forwarding: dr
                directors: [lb1]
                sorryServer: {address: 192.168.10.99, port: 8080}
                realServers:
                  - {name: a, address: 192.168.10.11, weight: 3}
                  - {name: alt, address: 192.168.10.11, port: 8081}
            """), false);
    static final ServiceKey WEB = ServiceKey.inet(ip("192.168.10.100"), 80, Enums.Protocol.TCP);
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ServiceStats.Counters counters(long n) {
        return new ServiceStats.Counters(n, n + 1, n + 2, n + 3, n + 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aKernelWithoutIpvsIsReportedAsAFault() {
        Status s = StatusMessages.status(new StatusSnapshot(
                T, null, List.of(), List.of(), List.of(), HealthView.EMPTY, List.of(), "this kernel has no IPVS"));

        assertThat(s.getFaultsList()).containsExactly("IPVS unavailable: this kernel has no IPVS");
    }

    @Test
    void kernelCountersAreReportedByVirtualAndRealServerName() {
        ServiceStats web = new ServiceStats(
                WEB,
                counters(100),
                List.of(
                        new ServiceStats.DestinationStats(
                                new Destination.Key(ip("192.168.10.11"), 80), 3, 4, 5, counters(10)),
                        new ServiceStats.DestinationStats(
                                new Destination.Key(ip("192.168.10.11"), 8081), 1, 0, 0, counters(20)),
                        new ServiceStats.DestinationStats(
                                new Destination.Key(ip("192.168.10.99"), 8080), 1, 0, 0, counters(30))));
        ServiceStats foreign =
                new ServiceStats(ServiceKey.fwmark(9, Enums.AddressFamily.INET6), counters(1), List.of());
        HealthView health = new HealthView(
                Map.of(
                        new RealServerRef("web", "a"),
                        new RealServerHealth(
                                Health.DOWN,
                                "connect refused",
                                CheckResult.of(false, "connect refused", T),
                                T,
                                2,
                                true)),
                Map.of());
        StatusSnapshot snap = new StatusSnapshot(
                T,
                DOC,
                DOC.servedBy("lb1"),
                List.of(web, foreign),
                List.of(new Plan.Drift(foreign.key(), "not managed by this agent")),
                health,
                List.of(new AgentVrrp.GroupStatus("VI_1", State.INITIALIZE, 150, T, "starting", 90)),
                null);

        Status s = StatusMessages.status(snap);

        assertThat(s.getFull()).isTrue();
        assertThat(s.getAtUnixMillis()).isEqualTo(T.toEpochMilli());
        assertThat(s.getServicesList()).singleElement().satisfies(v -> {
            assertThat(v.getVirtualServer()).isEqualTo("web");
            assertThat(v.getCounters().getConnections()).isEqualTo(100);
            assertThat(v.getCounters().getBytesOut()).isEqualTo(104);
            assertThat(v.getCounters().getBpsOut()).isEqualTo(9);
            assertThat(v.getDestinationsList())
                    .extracting(
                            DestinationStatus::getRealServer,
                            DestinationStatus::getPort,
                            DestinationStatus::getSorryServer,
                            DestinationStatus::getActiveConnections)
                    .containsExactly(tuple("a", 80, false, 4), tuple("alt", 8081, false, 0), tuple("", 8080, true, 0));
        });
        assertThat(s.getDriftList())
                .extracting(d -> d.getService() + ": " + d.getDescription())
                .containsExactly("FWM 9 IPv6: not managed by this agent");
        assertThat(s.getVrrpList())
                .extracting(v -> v.getGroup() + " " + RestJson.rest(v.getState().getValueDescriptor()) + " "
                        + v.getPriority() + " " + v.getEffectivePriority())
                .as("configured and effective priority")
                .containsExactly("VI_1 INIT 150 90");
        assertThat(s.getHealthList())
                .extracting(h ->
                        h.getRealServer() + " " + RestJson.rest(h.getHealth().getValueDescriptor()) + " "
                                + h.getReason() + " " + (h.hasWeight() ? h.getWeight() : "-"))
                .containsExactly("a DOWN connect refused 2", "alt UNKNOWN not seen by the health checker yet -");
    }

    @Test
    void servicesAreNamedAsIpvsadmShowsThem() {
        assertThat(StatusMessages.ipvsadm(WEB)).isEqualTo("TCP 192.168.10.100:80");
        assertThat(StatusMessages.ipvsadm(ServiceKey.inet(ip("2001:db8::1"), 53, Enums.Protocol.UDP)))
                .isEqualTo("UDP [2001:db8::1]:53");
        assertThat(StatusMessages.ipvsadm(ServiceKey.fwmark(7, Enums.AddressFamily.INET)))
                .isEqualTo("FWM 7");
    }

    @Test
    void healthChangesAndVrrpTransitionsBecomeEvents() {
        Event down = StatusMessages.event(new HealthEvent.RealServerChanged(
                T,
                "web",
                "a",
                ip("192.168.10.11"),
                80,
                Health.DOWN,
                null,
                "connect refused",
                CheckResult.of(false, "connect refused", T),
                null));
        assertThat(down)
                .extracting(Event::getKind, Event::getSubject, Event::getMessage, Event::getAtUnixMillis)
                .containsExactly("health", "web/a", "real server web/a is down: connect refused", T.toEpochMilli());

        Event quorum = StatusMessages.event(
                new HealthEvent.QuorumChanged(T, "web", false, 0, 1, 0, null, "live weight 0 < quorum 1"));
        assertThat(quorum).extracting(Event::getKind, Event::getSubject).containsExactly("quorum", "web");
        Event sorry =
                StatusMessages.event(new HealthEvent.SorryServerChanged(T, "web", true, ip("192.168.10.99"), 8080));
        assertThat(sorry)
                .extracting(Event::getKind, Event::getMessage)
                .containsExactly("sorry-server", "virtual server web: sorry server in");

        Event vrrp = StatusMessages.vrrpEvent(T, "VI_1", State.BACKUP, State.MASTER, "master down timer expired");
        assertThat(vrrp)
                .extracting(Event::getKind, Event::getSubject, Event::getMessage)
                .containsExactly("vrrp", "VI_1", "BACKUP -> MASTER: master down timer expired");
    }

    @Test
    void kernelRefusalsNameTheVirtualOrRealServerWhoseRuleItIs() {
        Destination a =
                new Destination(ip("192.168.10.11"), 80, Enums.Forwarding.DR, null, null, null, 3, 0, 0, false, 0);
        Destination sorry =
                new Destination(ip("192.168.10.99"), 8080, Enums.Forwarding.DR, null, null, null, 1, 0, 0, false, 0);
        ServiceKey foreign = ServiceKey.inet(ip("10.9.9.9"), 443, Enums.Protocol.TCP);
        List<ObjectError> errors = StatusMessages.kernelErrors(
                DOC.servedBy("lb1"),
                List.of(
                        new Outcome.Failure(new Step.AddDestination(WEB, a), "EINVAL"),
                        new Outcome.Failure(new Step.AddDestination(WEB, sorry), "ENOMEM"),
                        new Outcome.Failure(new Step.DeleteService(WEB), "EBUSY"),
                        new Outcome.Failure(new Step.DeleteService(foreign), "ESRCH"),
                        new Outcome.Failure(null, "netlink socket closed")));

        assertThat(errors)
                .extracting(
                        e -> e.hasObject() ? DesiredStates.key(e.getObject()).toString() : "-", ObjectError::getField)
                .containsExactly(
                        tuple("real-server web/a", ""),
                        tuple("virtual-server web", "/sorryServer"),
                        tuple("virtual-server web", ""),
                        tuple("-", ""),
                        tuple("-", ""));
        assertThat(errors.get(0).getMessage())
                .isEqualTo(
                        "the kernel refused: add destination 192.168.10.11:80 to tcp 192.168.10.100:80 dr weight 3: EINVAL");
        assertThat(errors.get(4).getMessage()).isEqualTo("netlink socket closed");
    }

    @Test
    void aRefusedStateIsNackedOnEachResourceItNames() {
        List<ObjectError> errors = StatusMessages.errors(List.of(
                new DesiredDocuments.Problem(
                        new DesiredDocuments.Location(Key.realServer("web", "a"), "/weight"),
                        "must be from 0 to 65535"),
                new DesiredDocuments.Problem(
                        new DesiredDocuments.Location(null, "/directors"), "no director named 'lb1'")));

        assertThat(errors)
                .extracting(
                        e -> e.hasObject() ? DesiredStates.key(e.getObject()) : null,
                        ObjectError::getField,
                        ObjectError::getMessage)
                .containsExactly(
                        tuple(Key.realServer("web", "a"), "/weight", "must be from 0 to 65535"),
                        tuple(null, "/directors", "no director named 'lb1'"));
    }

    @Test
    void theHealthCheckersFieldsNameTheirRealServer() {
        // as the health checker, the scripts' checks and the model give them: each with its object
        List<ObjectError> errors = StatusMessages.refusals(List.of(
                new FieldError(
                        "virtualServers[web].realServers[a].healthCheck.misc.script",
                        "scripts are not allowed on this director",
                        ResourceRef.realServer("web", "a"),
                        "/healthCheck/misc/script"),
                new FieldError(
                        "virtualServers[web].healthCheck.type",
                        "cannot run here",
                        ResourceRef.virtualServer("web"),
                        "/healthCheck/type"),
                FieldError.on(ResourceRef.realServer("web", "alt"), "/virtualServers/0/realServers/1", "/port", "bad"),
                new FieldError("/directors", "no director named 'lb9'")));

        assertThat(errors)
                .extracting(e -> e.hasObject() ? DesiredStates.key(e.getObject()) : null, ObjectError::getField)
                .containsExactly(
                        tuple(Key.realServer("web", "a"), "/healthCheck/misc/script"),
                                tuple(Key.virtualServer("web"), "/healthCheck/type"),
                        tuple(Key.realServer("web", "alt"), "/port"), tuple(null, "/directors"));
    }
}
