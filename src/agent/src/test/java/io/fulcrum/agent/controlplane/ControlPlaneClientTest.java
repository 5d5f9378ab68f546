package io.fulcrum.agent.controlplane;

import static io.fulcrum.agent.controlplane.FakeControlPlane.delta;
import static io.fulcrum.agent.controlplane.FakeControlPlane.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.agent.reconcile.FakeKernel;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.run.AgentLoop;
import io.fulcrum.agent.run.LoopThread;
import io.fulcrum.agent.run.ManualHealth;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.ServiceStatus;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.model.Enums;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.runtime.LogCapture;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.fulcrum.wire.api.RestJson;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of the control-plane stream, end to end in one process: a scripted control plane
 * (in-process gRPC), the real client and agent loop, a fake IPVS table and a health checker on a
 * manual clock. No test sleeps: reconnect delays are a few milliseconds, waits are bounded.
 */
class ControlPlaneClientTest {
    static final String TOKEN = "fulcrum-enroll-7hQm2xVq9LpZkW3e";

    static final String DOC = """
            apiVersion: fulcrum/v1
            directors:
              - {name: lb1, managementAddress: 10.0.0.1}
              - {name: lb2, managementAddress: 10.0.0.2}
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                scheduler: wrr
                forwarding: dr
                directors: [lb1]
                realServers:
                  - {name: a, address: 192.168.10.11, weight: 3}
                  - {name: b, address: 192.168.10.12}
              - name: other
                address: 192.168.10.200
                port: 80
                scheduler: rr
                forwarding: dr
                directors: [lb2]
                realServers:
                  - {name: z, address: 192.168.10.21}
            """;

    static final ServiceKey WEB = ServiceKey.inet(ip("192.168.10.100"), 80, Enums.Protocol.TCP);

    @TempDir
    Path stateDir;

    final String serverName = "control-plane-" + UUID.randomUUID();
    final FakeControlPlane cp = new FakeControlPlane();
    final FakeKernel kernel = new FakeKernel();
    final ManualHealth health = new ManualHealth();
    final LogCapture output = LogCapture.start();
    final List<LogRecord> logged = new ArrayList<>();
    final Handler julCapture = new Handler() {
        @Override
        public synchronized void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    AgentLoop loop;
    LoopThread loopThread;
    ControlPlaneClient client;

    @BeforeEach
    void startAgentLoop() throws IOException {
        Logger.getLogger("").addHandler(julCapture);
        cp.start(serverName);
        loop = new AgentLoop(
                "lb1",
                kernel,
                new Reconciler(kernel, Set.of(), false, owned -> {}),
                health.monitor,
                Duration.ofSeconds(1));
        loopThread = LoopThread.start(loop);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (client != null) client.close();
        loopThread.stop();
        health.monitor.close();
        cp.close();
        Logger.getLogger("").removeHandler(julCapture);
        output.close();
    }

    ControlPlaneClient connect(String name, Duration statusInterval) {
        ManagedChannel channel =
                InProcessChannelBuilder.forName(name).directExecutor().build();
        client = new ControlPlaneClient(
                channel,
                new ControlPlaneClient.Settings(
                        "lb1", "9.9-test", "in-process", statusInterval, Duration.ofSeconds(10)),
                TOKEN,
                loop,
                new AppliedStateStore(stateDir),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(20), () -> 0.5));
        client.start();
        return client;
    }

    ControlPlaneClient connect() {
        return connect(serverName, Duration.ofHours(1));
    }

    static SortedMap<Key, Resource> state(String yaml) {
        return DesiredStates.resources(DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), false));
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the fake kernel holds for web (address -> weight), read on the loop's thread. */
    Map<String, Integer> webWeights() throws Exception {
        for (ServiceStats s : loop.status().get(10, TimeUnit.SECONDS).kernel()) {
            if (s.key().equals(WEB)) {
                return s.destinations().stream()
                        .collect(Collectors.toMap(
                                d -> d.key().address().getHostAddress(),
                                ServiceStats.DestinationStats::weight,
                                (x, y) -> x,
                                TreeMap::new));
            }
        }
        return null;
    }

    String output() {
        return output.text();
    }

    /** A stream after hello and a first snapshot of DOC (revision 5), acknowledged. */
    FakeControlPlane.Stream connectedAt5() throws Exception {
        connect();
        FakeControlPlane.Stream s = cp.nextStream();
        s.hello();
        s.send(snapshot(5, state(DOC)));
        assertThat(s.answer().getAck().getRevision()).isEqualTo(5);
        return s;
    }

    @Test
    void theHelloNamesTheDirectorItsTokenVersionCapabilitiesAndNothingApplied() throws Exception {
        connect();
        Hello h = cp.nextStream().hello();

        assertThat(h.getDirector()).isEqualTo("lb1");
        assertThat(h.getToken()).isEqualTo(TOKEN);
        assertThat(h.getSoftwareVersion()).isEqualTo("9.9-test");
        assertThat(h.getCapabilitiesList()).containsExactly("ipvs", "vrrp", "health", "digest");
        assertThat(h.getAppliedRevision()).isZero();
        assertThat(h.getAppliedDigest()).isEmpty();
    }

    @Test
    void aSnapshotIsAppliedAcknowledgedAndSaved() throws Exception {
        connectedAt5();

        assertThat(webWeights()).containsExactly(Map.entry("192.168.10.11", 3), Map.entry("192.168.10.12", 1));
        assertThat(kernel.services).containsOnlyKeys(WEB); // only what lb1 serves
        assertThat(client.applied().revision()).isEqualTo(5);
        assertThat(new AppliedStateStore(stateDir).load()).hasValueSatisfying(s -> {
            assertThat(s.revision()).isEqualTo(5);
            assertThat(s.digest()).isEqualTo(DesiredStates.digest(state(DOC)));
        });
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertThat(Files.getPosixFilePermissions(stateDir.resolve("desired-state.json")))
                    .extracting(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        }
    }

    @Test
    void aDeltaAppliesOnlyTheChange() throws Exception {
        FakeControlPlane.Stream s = connectedAt5();
        kernel.requests.clear();

        String heavier =
                DOC.replace("{name: b, address: 192.168.10.12}", "{name: b, address: 192.168.10.12, weight: 7}");
        DesiredState d = delta(6, state(DOC), state(heavier));
        assertThat(d.getPutList()).extracting(r -> r.getKey().getName()).containsExactly("b");
        s.send(d);

        assertThat(s.answer().getAck().getRevision()).isEqualTo(6);
        assertThat(kernel.requests).singleElement().isInstanceOf(Step.EditDestination.class);
        assertThat(webWeights()).containsEntry("192.168.10.12", 7);
    }

    @Test
    void aStateThatFailsValidationIsRefusedNamingEachObjectAndThePreviousRulesStay() throws Exception {
        FakeControlPlane.Stream s = connectedAt5();
        kernel.requests.clear();

        String withC = DOC.replace(
                "{name: b, address: 192.168.10.12}",
                "{name: b, address: 192.168.10.12}\n      - {name: c, address: 192.168.10.13}");
        SortedMap<Key, Resource> bad = new TreeMap<>(state(withC));
        bad.compute(
                Key.realServer("web", "c"),
                (k, r) -> r.toBuilder()
                        .setRealServer(r.getRealServer().toBuilder().setWeight(70000))
                        .build());
        bad.compute(
                Key.director("lb2"),
                (k, r) -> r.toBuilder()
                        .setDirector(r.getDirector().toBuilder().setManagementAddress("nope"))
                        .build());
        bad.compute(
                Key.virtualServer("other"),
                (k, r) -> r.toBuilder()
                        .setVirtualServer(r.getVirtualServer().toBuilder().setPort(0))
                        .build());
        s.send(delta(6, state(DOC), bad));

        Nack nack = s.answer().getNack();
        assertThat(nack.getRevision()).isEqualTo(6);
        assertThat(nack.getErrorsList())
                .extracting(e -> DesiredStates.key(e.getObject()), ObjectError::getField)
                .containsExactlyInAnyOrder(
                        tuple(Key.realServer("web", "c"), "/weight"),
                        tuple(Key.director("lb2"), "/managementAddress"),
                        tuple(Key.virtualServer("other"), "/port"));
        assertThat(kernel.requests).isEmpty();
        assertThat(webWeights()).containsOnlyKeys("192.168.10.11", "192.168.10.12");
        assertThat(client.applied().revision()).isEqualTo(5);
        assertThat(output()).contains("revision 6 refused: real-server web/c /weight");

        // the next delta builds on what was sent (revision 6), not on what is in force (5)
        DesiredState fix = delta(7, bad, state(withC));
        assertThat(fix.getPutList())
                .extracting(r -> r.getKey().getName())
                .containsExactlyInAnyOrder("lb2", "other", "c");
        s.send(fix);
        assertThat(s.answer().getAck().getRevision()).isEqualTo(7);
        assertThat(webWeights()).containsOnlyKeys("192.168.10.11", "192.168.10.12", "192.168.10.13");
    }

    @Test
    void aStateWithoutThisDirectorIsRefused() throws Exception {
        FakeControlPlane.Stream s = connectedAt5();
        SortedMap<Key, Resource> without = new TreeMap<>(state(DOC));
        without.remove(Key.director("lb1"));
        Resource web = without.get(Key.virtualServer("web"));
        without.put(
                Key.virtualServer("web"),
                web.toBuilder()
                        .setVirtualServer(web.getVirtualServer().toBuilder().setDirectors(0, "lb2"))
                        .build());
        s.send(delta(6, state(DOC), without));

        Nack nack = s.answer().getNack();
        assertThat(nack.getErrorsList()).singleElement().satisfies(e -> {
            assertThat(e.getField()).isEqualTo("/directors");
            assertThat(e.getMessage()).contains("no director named 'lb1'");
        });
        assertThat(webWeights()).hasSize(2);
    }

    @Test
    void aKernelRefusalIsNackedNamingTheRealServerAndThePreviousRulesAreBack() throws Exception {
        FakeControlPlane.Stream s = connectedAt5();
        kernel.refuse = step -> step instanceof Step.AddDestination a
                && a.destination().address().equals(ip("192.168.10.13"));

        String changed = DOC.replace("weight: 3}", "weight: 9}")
                .replace(
                        "{name: b, address: 192.168.10.12}",
                        "{name: b, address: 192.168.10.12}\n      - {name: c, address: 192.168.10.13}");
        s.send(delta(6, state(DOC), state(changed)));

        Nack nack = s.answer().getNack();
        assertThat(nack.getRevision()).isEqualTo(6);
        assertThat(nack.getErrorsList()).singleElement().satisfies(e -> {
            assertThat(DesiredStates.key(e.getObject())).isEqualTo(Key.realServer("web", "c"));
            assertThat(e.getMessage()).contains("the kernel refused", "add destination 192.168.10.13:80", "EINVAL");
        });
        assertThat(webWeights()).containsExactly(Map.entry("192.168.10.11", 3), Map.entry("192.168.10.12", 1));
        assertThat(client.applied().revision()).isEqualTo(5);
        assertThat(new AppliedStateStore(stateDir).load())
                .hasValueSatisfying(x -> assertThat(x.revision()).isEqualTo(5));

        kernel.refuse = step -> false;
        s.send(delta(7, state(changed), state(changed.replace("weight: 9}", "weight: 8}"))));
        assertThat(s.answer().getAck().getRevision()).isEqualTo(7);
        assertThat(webWeights()).containsEntry("192.168.10.11", 8).containsKey("192.168.10.13");
    }

    @Test
    void aDigestMismatchDropsTheStreamAndTheNextOneStartsFromAFullSnapshot() throws Exception {
        FakeControlPlane.Stream first = connectedAt5();
        String heavier = DOC.replace("weight: 3}", "weight: 4}");
        first.send(delta(6, state(DOC), state(heavier)).toBuilder()
                .setDigest("0".repeat(63) + "1")
                .build());

        assertThat(first.awaitEnd()).as("the agent drops the stream").isTrue();
        FakeControlPlane.Stream second = cp.nextStream();
        Hello h = second.hello();
        assertThat(h.getAppliedRevision()).isEqualTo(5);
        assertThat(h.getAppliedDigest()).isEqualTo(DesiredStates.digest(state(DOC)));
        second.send(snapshot(6, state(heavier)));
        assertThat(second.answer().getAck().getRevision()).isEqualTo(6);
        assertThat(webWeights()).containsEntry("192.168.10.11", 4);
        assertThat(output()).contains("is not the control plane's");
    }

    @Test
    void theAgentReconnectsAfterTheControlPlaneDropsTheStream() throws Exception {
        FakeControlPlane.Stream first = connectedAt5();
        first.fail(io.grpc.Status.UNAVAILABLE.withDescription("the control plane restarts"));

        FakeControlPlane.Stream second = cp.nextStream();
        Hello h = second.hello();
        assertThat(h.getAppliedRevision()).isEqualTo(5);
        // the control plane finds nothing changed: an empty snapshot marked unchanged
        kernel.requests.clear();
        second.send(DesiredState.newBuilder()
                .setRevision(5)
                .setFull(true)
                .setUnchanged(true)
                .setDigest(DesiredStates.digest(state(DOC)))
                .build());
        assertThat(second.answer().getAck().getRevision()).isEqualTo(5);
        assertThat(kernel.requests).isEmpty();
        assertThat(output()).contains("the control plane restarts");
    }

    @Test
    void theSavedStateIsEnforcedAtStartWhileTheControlPlaneIsUnreachable() throws Exception {
        SortedMap<Key, Resource> saved = state(DOC);
        new AppliedStateStore(stateDir).save(new AppliedState(5, DesiredStates.digest(saved), saved));

        connect("nowhere-" + UUID.randomUUID(), Duration.ofHours(1));

        assertThat(client.awaitRestored(Duration.ofSeconds(10))).isTrue();
        assertThat(webWeights()).containsExactly(Map.entry("192.168.10.11", 3), Map.entry("192.168.10.12", 1));
        assertThat(client.applied().revision()).isEqualTo(5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!output().contains("unreachable") && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(output())
                .contains("saved revision 5 is in force", "is unreachable or refused the stream: UNAVAILABLE");
    }

    @Test
    void theHelloCarriesTheSavedRevisionAndDigest() throws Exception {
        SortedMap<Key, Resource> saved = state(DOC);
        new AppliedStateStore(stateDir).save(new AppliedState(5, DesiredStates.digest(saved), saved));

        connect();
        Hello h = cp.nextStream().hello();

        assertThat(h.getAppliedRevision()).isEqualTo(5);
        assertThat(h.getAppliedDigest()).isEqualTo(DesiredStates.digest(saved));
    }

    @Test
    void aCorruptSavedStateIsReportedAndIgnored() throws Exception {
        Files.writeString(stateDir.resolve("desired-state.json"), "{\"revision\": 5, \"digest\": \"abc\", \"resou");

        connect();
        Hello h = cp.nextStream().hello();

        assertThat(h.getAppliedRevision()).isZero();
        assertThat(output()).contains("the saved desired state is ignored", "desired-state.json is not readable JSON");
        assertThat(kernel.services).isEmpty();
    }

    @Test
    void aSavedStateWhoseResourcesDoNotMatchItsDigestIsIgnored() throws Exception {
        SortedMap<Key, Resource> saved = state(DOC);
        new AppliedStateStore(stateDir).save(new AppliedState(5, DesiredStates.digest(saved), saved));
        Path file = stateDir.resolve("desired-state.json");
        Files.writeString(file, Files.readString(file).replace("192.168.10.11", "192.168.10.99"));

        connect();
        assertThat(cp.nextStream().hello().getAppliedRevision()).isZero();
        assertThat(output()).contains("do not match its digest");
    }

    @Test
    void aSavedStateOfAnOlderAgentIsReportedAndIgnored() throws Exception {
        Files.writeString(stateDir.resolve("desired-state.json"), """
                {"revision": 5, "digest": "%s", "savedAt": "2026-01-01T00:00:00Z", "resources": [
                  {"kind": "DIRECTOR", "virtualServer": "", "name": "lb1",
                   "json": "{\\"name\\":\\"lb1\\",\\"managementAddress\\":\\"10.0.0.1\\"}"}]}
                """.formatted("0".repeat(64)));

        connect();
        Hello h = cp.nextStream().hello();

        assertThat(h.getAppliedRevision()).isZero();
        assertThat(output())
                .contains(
                        "the saved desired state is ignored",
                        "desired-state.json is in the format of an older agent",
                        "waiting for the control plane");
        assertThat(kernel.services).isEmpty();
    }

    @Test
    void aResourceWhoseBodyIsOfAnotherKindThanItsKeyIsRefusedNamingIt() throws Exception {
        FakeControlPlane.Stream s = connectedAt5();
        SortedMap<Key, Resource> bad = new TreeMap<>(state(DOC));
        Key b = Key.realServer("web", "b");
        bad.put(
                b,
                Resource.newBuilder()
                        .setKey(DesiredStates.wire(b))
                        .setDirector(bad.get(Key.director("lb2")).getDirector())
                        .build());
        s.send(delta(6, state(DOC), bad));

        Nack nack = s.answer().getNack();
        assertThat(nack.getRevision()).isEqualTo(6);
        assertThat(nack.getErrorsList()).singleElement().satisfies(e -> {
            assertThat(DesiredStates.key(e.getObject())).isEqualTo(b);
            assertThat(e.getField()).isEmpty();
            assertThat(e.getMessage()).isEqualTo("carries the body of a director, not of a real-server");
        });
        assertThat(client.applied().revision()).isEqualTo(5);
        assertThat(webWeights()).containsExactly(Map.entry("192.168.10.11", 3), Map.entry("192.168.10.12", 1));
    }

    @Test
    void theVrrpPasswordReachesTheAgentAndNeverALogLine() throws Exception {
        String password = "Pw7xQz2k";
        String withGroup = DOC.replace("virtualServers:", """
                vrrpGroups:
                  - name: VI_9
                    vrid: 9
                    interface: eth0
                    virtualAddresses: [{address: 192.168.10.250}]
                    members: [{director: lb2, priority: 100}]
                    authentication: {type: pass, password: %s}
                virtualServers:""".formatted(password));
        SortedMap<Key, Resource> sent = state(withGroup);
        FakeControlPlane.Stream s = connectedAt5();
        s.send(delta(6, state(DOC), sent));
        assertThat(s.answer().getAck().getRevision()).isEqualTo(6);

        // it reached the agent: in the state in force, and in the saved one (readable by the agent only)
        assertThat(DesiredDocuments.document(client.applied().resources(), 6)
                        .vrrpGroups()
                        .get(0)
                        .authentication()
                        .password()
                        .reveal())
                .isEqualTo(password);
        assertThat(new AppliedStateStore(stateDir).load())
                .hasValueSatisfying(x -> assertThat(DesiredDocuments.document(x.resources(), 6)
                                .vrrpGroups()
                                .get(0)
                                .authentication()
                                .password()
                                .reveal())
                        .isEqualTo(password));

        // a refusal naming the group, and a digest mismatch, are logged without it
        SortedMap<Key, Resource> bad = new TreeMap<>(sent);
        Resource g = bad.get(Key.vrrpGroup("VI_9"));
        bad.put(
                Key.vrrpGroup("VI_9"),
                g.toBuilder()
                        .setVrrpGroup(g.getVrrpGroup().toBuilder().setVrid(300))
                        .build());
        s.send(delta(7, sent, bad));
        assertThat(s.answer().getNack().getErrorsList())
                .extracting(e -> DesiredStates.key(e.getObject()), ObjectError::getField)
                .containsExactly(tuple(Key.vrrpGroup("VI_9"), "/vrid"));
        s.send(delta(8, bad, sent).toBuilder().setDigest("e".repeat(64)).build());
        assertThat(s.awaitEnd()).isTrue();
        cp.nextStream().hello();
        client.close();

        assertThat(output())
                .contains("revision 7 refused: vrrp-group VI_9 /vrid")
                .doesNotContain(password);
        String logs;
        synchronized (julCapture) {
            logs = logged.stream()
                    .map(r -> r.getMessage() + " " + Arrays.toString(r.getParameters()) + " " + r.getThrown())
                    .collect(Collectors.joining("\n"));
        }
        assertThat(logs).contains("revision 7 refused").doesNotContain(password);
    }

    @Test
    void aFullStatusFollowsTheFirstAnswerWithCountersDriftAndHealthByName() throws Exception {
        kernel.apply(new Step.AddService(new Service(
                ServiceKey.fwmark(9, Enums.AddressFamily.INET), Enums.Scheduler.RR, Set.of(), null, 32, false)));
        connect();
        FakeControlPlane.Stream s = cp.nextStream();
        s.hello();
        s.send(snapshot(5, state(DOC)));
        assertThat(s.answer().hasAck()).isTrue();

        Status status = s.next(AgentMessage.BodyCase.STATUS).getStatus();
        assertThat(status.getFull()).isTrue();
        assertThat(status.getServicesList())
                .extracting(ServiceStatus::getVirtualServer)
                .containsExactly("web");
        assertThat(status.getServices(0).getDestinationsList())
                .extracting(d -> d.getRealServer() + "@" + d.getAddress() + ":" + d.getPort() + " w" + d.getWeight())
                .containsExactlyInAnyOrder("a@192.168.10.11:80 w3", "b@192.168.10.12:80 w1");
        assertThat(status.getDriftList()).extracting(d -> d.getService()).containsExactly("FWM 9");
        assertThat(status.getHealthList())
                .extracting(h -> h.getVirtualServer() + "/" + h.getRealServer() + " "
                        + RestJson.rest(h.getHealth().getValueDescriptor()))
                .containsExactly("web/a UP", "web/b UP");
    }

    @Test
    void aHealthChangeIsSentAtOnceAsAnEvent() throws Exception {
        String checked = DOC.replace(
                "{name: a, address: 192.168.10.11, weight: 3}",
                "{name: a, address: 192.168.10.11, weight: 3, healthCheck: {type: tcp, intervalSeconds: 1, timeoutSeconds: 1, retries: 0, fall: 1, rise: 1}}");
        connect();
        FakeControlPlane.Stream s = cp.nextStream();
        s.hello();
        s.send(snapshot(5, state(checked)));
        assertThat(s.answer().hasAck()).isTrue();

        health.refusing.add(ip("192.168.10.11"));
        health.timer.advance(Duration.ofSeconds(3));

        Event e = nextEvent(s);
        assertThat(e.getKind()).isEqualTo("health");
        assertThat(e.getSubject()).isEqualTo("web/a");
        assertThat(e.getMessage()).contains("real server web/a is down", "connect refused");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (webWeights().containsKey("192.168.10.11") && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(webWeights()).as("the loop took the failed server out").containsOnlyKeys("192.168.10.12");
    }

    @Test
    void aFullStatusShowingAHealthChangeFollowsItsEventWithoutWaitingForTheInterval() throws Exception {
        String checked = DOC.replace(
                "{name: a, address: 192.168.10.11, weight: 3}",
                "{name: a, address: 192.168.10.11, weight: 3, healthCheck: {type: tcp, intervalSeconds: 1, timeoutSeconds: 1, retries: 0, fall: 1, rise: 1}}");
        connect(); // a status interval of an hour: only the change can bring the next full status
        FakeControlPlane.Stream s = cp.nextStream();
        s.hello();
        s.send(snapshot(5, state(checked)));
        assertThat(s.answer().hasAck()).isTrue();
        Status first = s.next(AgentMessage.BodyCase.STATUS).getStatus();
        assertThat(first.getFull()).isTrue();

        health.refusing.add(ip("192.168.10.11"));
        health.timer.advance(Duration.ofSeconds(3));
        assertThat(nextEvent(s).getSubject()).isEqualTo("web/a");
        Status next;
        do next = s.next(AgentMessage.BodyCase.STATUS).getStatus();
        while (!next.getFull());
        assertThat(next.getHealthList())
                .extracting(h -> h.getVirtualServer() + "/" + h.getRealServer() + " "
                        + RestJson.rest(h.getHealth().getValueDescriptor()))
                .contains("web/a DOWN");
    }

    @Test
    void eventsRaisedWhileDisconnectedAreSentWhenTheStreamOpens() throws Exception {
        String checked = DOC.replace(
                "{name: a, address: 192.168.10.11, weight: 3}",
                "{name: a, address: 192.168.10.11, weight: 3, healthCheck: {type: tcp, intervalSeconds: 1, timeoutSeconds: 1, fall: 1, rise: 1}}");
        SortedMap<Key, Resource> saved = state(checked);
        new AppliedStateStore(stateDir).save(new AppliedState(5, DesiredStates.digest(saved), saved));
        String later = "later-" + UUID.randomUUID(); // no control plane there yet
        connect(later, Duration.ofHours(1));
        assertThat(client.awaitRestored(Duration.ofSeconds(10))).isTrue();

        health.refusing.add(ip("192.168.10.11")); // a health change with no stream open
        health.timer.advance(Duration.ofSeconds(3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (webWeights().containsKey("192.168.10.11") && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(webWeights()).as("the loop took the failed server out").containsOnlyKeys("192.168.10.12");

        try (FakeControlPlane late = new FakeControlPlane().start(later)) {
            FakeControlPlane.Stream s = late.nextStream();
            assertThat(s.hello().getAppliedRevision()).isEqualTo(5);
            s.send(DesiredState.newBuilder()
                    .setRevision(5)
                    .setFull(true)
                    .setUnchanged(true)
                    .setDigest(DesiredStates.digest(saved))
                    .build());
            assertThat(s.answer().getAck().getRevision()).isEqualTo(5);
            Event e = nextEvent(s); // sent once the control plane answered: the stream is known to work
            assertThat(e.getKind()).isEqualTo("health");
            assertThat(e.getSubject()).isEqualTo("web/a");
            assertThat(e.getMessage()).contains("real server web/a is down");
        }
    }

    static Event nextEvent(FakeControlPlane.Stream s) throws InterruptedException {
        while (true) {
            Status st = s.next(AgentMessage.BodyCase.STATUS).getStatus();
            if (!st.getFull() && st.getEventsCount() > 0) return st.getEvents(0);
        }
    }

    @Test
    void theTokenNeverAppearsInTheOutputOrTheLogs() throws Exception {
        connect();
        FakeControlPlane.Stream first = cp.nextStream();
        assertThat(first.hello().getToken()).isEqualTo(TOKEN);
        first.fail(io.grpc.Status.UNAUTHENTICATED.withDescription(
                "the enrollment token is not valid (unknown or revoked)"));
        FakeControlPlane.Stream second = cp.nextStream();
        second.hello();
        second.send(snapshot(5, state(DOC)));
        second.answer();
        second.send(delta(6, state(DOC), state(DOC)).toBuilder()
                .setDigest("f".repeat(64))
                .build());
        cp.nextStream().hello();
        client.close();

        assertThat(output()).contains("refused this agent's enrollment token").doesNotContain(TOKEN);
        String logs;
        synchronized (julCapture) {
            logs = logged.stream()
                    .map(r -> r.getMessage() + " " + Arrays.toString(r.getParameters()) + " " + r.getThrown())
                    .collect(Collectors.joining("\n"));
        }
        assertThat(logs).doesNotContain(TOKEN);
        assertThat(Files.readString(stateDir.resolve("desired-state.json"))).doesNotContain(TOKEN);
    }
}
