package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.packet.AdvertCodec;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.DropReason;
import io.fulcrum.vrrp.packet.Vrrp;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The runtime between the engine and the host: a fake {@link Host}, a fake advert channel and a manual
 * clock. Nothing sleeps: the test turns the loop ({@code step(false)}) after moving the clock.
 */
class VrrpRouterTest extends RouterTestBase {
    static final InetAddress VIP = ip(Lab.VIP);
    static final InetAddress SOURCE = ip("10.1.1.160");
    static final InetAddress PEER = ip("10.1.1.162");

    VrrpRouter router(String json) {
        ConfigDocument doc = DocumentCodec.decodeDocument(DocumentCodec.parse(json), false);
        return VrrpRouter.create(doc, "d1", host, (group, from, to, reason) -> {}, () -> now);
    }

    /** d1 alone in VI_1 (v2, 1 s, PASS 1111), gratuitous ARP 3 times at once and again 5 s later. */
    VrrpRouter started() {
        VrrpRouter r =
                router(Docs.group(2, 1, "\"garp\":{\"masterDelaySeconds\":5,\"masterRepeat\":3}", member(1, 100)));
        r.start();
        return r;
    }

    VrrpRouter master() throws Exception {
        VrrpRouter r = started();
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        return r;
    }

    // ---- becoming master, backup, stopping ----

    @Test
    void becomingMasterAddsTheAddressesAndAnnouncesThemAtOnceAndAgainAfterTheConfiguredDelay() throws Exception {
        VrrpRouter r = started();
        at(r, MDI_100 - 1);
        assertThat(host.calls).isEmpty();

        at(r, MDI_100);

        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(host.calls).containsExactly("add eth0 10.1.1.166/32", "announce eth0 [10.1.1.166] x3");
        assertThat(host.channel().priorities()).containsExactly(100);

        at(r, MDI_100 + 5 * S - 1);
        assertThat(host.calls).filteredOn(c -> c.startsWith("announce")).hasSize(1);
        at(r, MDI_100 + 5 * S);
        assertThat(host.calls)
                .containsExactly(
                        "add eth0 10.1.1.166/32", "announce eth0 [10.1.1.166] x3", "announce eth0 [10.1.1.166] x3");
    }

    @Test
    void becomingBackupRemovesTheAddresses() throws Exception {
        VrrpRouter r = master();
        host.calls.clear();

        host.channel().deliver(advert(150));
        at(r, now + S / 10);

        assertThat(r.states()).containsEntry("VI_1", State.BACKUP);
        assertThat(host.calls).containsExactly("remove eth0 10.1.1.166/32");
    }

    @Test
    void aGracefulStopSendsPriorityZeroAndRemovesTheAddresses() throws Exception {
        VrrpRouter r = master();
        host.calls.clear();

        r.requestStop();
        boolean running = at(r, now + S / 10);

        assertThat(running).isFalse();
        assertThat(host.channel().priorities()).last().isEqualTo(Vrrp.PRIORITY_STOP);
        assertThat(host.calls).containsExactly("remove eth0 10.1.1.166/32");
        assertThat(r.states()).containsEntry("VI_1", State.INITIALIZE);
    }

    @Test
    void aStopAskedForBeforeRunEndsRunAtOnceAndClosesTheChannels() {
        VrrpRouter r = router(Docs.group(2, 1, "", member(1, 100)));
        r.requestStop();

        assertTimeoutPreemptively(Duration.ofSeconds(10), r::run);

        assertThat(host.channel().closed).isTrue();
        assertThat(host.calls).isEmpty();
    }

    // ---- the inbox between the receive threads and the router thread ----

    @Test
    void aFloodOfReceivedPacketsIsBoundedDroppedCountedAndLoggedAtMostEveryTenSeconds() throws Exception {
        VrrpRouter r = started();
        FakeChannel channel = host.channel();
        Decoded junk = new Decoded.Dropped(DropReason.CHECKSUM, "flood");

        // the receive thread never blocks: every delivery returns, queued or dropped
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < VrrpRouter.INBOX_CAPACITY + 100; i++) channel.deliver(junk);
        });
        now += VrrpRouter.INBOX_FULL_LOG_NANOS - 1;
        channel.deliver(junk);

        assertThat(r.queued()).isEqualTo(VrrpRouter.INBOX_CAPACITY);
        assertThat(r.droppedReceived()).isEqualTo(101);
        assertThat(logs)
                .filteredOn(l -> l.contains("arrive faster than they are handled"))
                .singleElement()
                .asString()
                .contains(VrrpRouter.INBOX_CAPACITY + " are waiting")
                .contains("eth0/v4");

        now += 1;
        channel.deliver(junk);
        assertThat(logs)
                .filteredOn(l -> l.contains("arrive faster than they are handled"))
                .hasSize(2)
                .last()
                .asString()
                .contains("102 dropped so far");

        at(r, now);
        assertThat(r.queued()).isZero();
        channel.deliver(advert(150));
        assertThat(r.queued()).isEqualTo(1);
        assertThat(r.droppedReceived()).isEqualTo(102);
    }

    @Test
    void aStopGetsThroughAFullInbox() throws Exception {
        VrrpRouter r = master();
        for (int i = 0; i < VrrpRouter.INBOX_CAPACITY + 1; i++) host.channel().deliver(advert(50));

        r.requestStop();

        assertThat(r.step(false)).isFalse();
        assertThat(host.channel().priorities()).last().isEqualTo(Vrrp.PRIORITY_STOP);
        assertThat(host.calls).contains("remove eth0 10.1.1.166/32");
    }

    // ---- settings the runtime does not carry out are said, not ignored silently ----

    @Test
    void aGroupWithOnlyImplementedSettingsStartsWithoutWarnings() {
        router(Docs.group(
                        2,
                        1,
                        "\"trackInterfaces\":[{\"interface\":\"eth1\",\"weight\":-20}],\"vmac\":true",
                        member(1, 100))
                .replace("\"address\":\"10.1.1.166/32\"}", "\"address\":\"10.1.1.166/32\",\"label\":\"eth0:1\"}"));

        assertThat(logs).noneMatch(l -> l.contains("not implemented"));
    }

    // ---- fakes ----

    /** A v2 advert for VI_1 from the peer, as the channel's receive thread would hand it over. */
    static Decoded advert(int priority) {
        Advertisement a = Advertisement.v2(51, priority, 1, List.of(VIP), "1111".getBytes(StandardCharsets.US_ASCII));
        return new Decoded.Valid(a, PEER, Vrrp.GROUP_V4, Vrrp.TTL);
    }

    static final class FakeChannel implements Host.Channel {
        final Consumer<Decoded> sink;
        final List<byte[]> sent = new ArrayList<>();
        boolean closed;

        FakeChannel(Consumer<Decoded> sink) {
            this.sink = sink;
        }

        /** As the receive thread does with each datagram. */
        void deliver(Decoded d) {
            sink.accept(d);
        }

        /** The priority of every advert sent, decoded with the codec's own checks. */
        List<Integer> priorities() {
            return sent.stream()
                    .map(b -> ((Decoded.Valid) AdvertCodec.decode(b, 0, b.length, SOURCE, Vrrp.GROUP_V4, Vrrp.TTL))
                            .advert()
                            .priority())
                    .toList();
        }

        @Override
        public void send(byte[] advert, InetAddress destination) {
            assertThat(destination).isEqualTo(Vrrp.GROUP_V4);
            sent.add(advert);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class FakeHost implements Host {
        final List<String> calls = new ArrayList<>();
        final Map<String, FakeChannel> channels = new LinkedHashMap<>();
        final Map<String, Boolean> links = new HashMap<>();
        Consumer<LinkReport> linkSink;
        boolean linkWatchClosed;
        /** Links that do not exist (any other does). */
        final Set<String> gone = new HashSet<>();
        /** By virtual MAC link name, what creating it throws. */
        final Map<String, RuntimeException> vmacFailures = new HashMap<>();
        /** By interface, what opening a channel on it throws. */
        final Map<String, RuntimeException> openFailures = new HashMap<>();
        /** By parent interface, the macvlans on it. */
        final Map<String, List<Macvlan>> macvlans = new HashMap<>();

        /** As the host's link watch thread reports what the kernel said. */
        void report(Map<String, Boolean> changed, boolean complete) {
            linkSink.accept(new LinkReport(changed, complete));
        }

        FakeChannel channel() {
            assertThat(channels).hasSize(1);
            return channels.values().iterator().next();
        }

        @Override
        public Channel open(String iface, boolean ipv6, InetAddress source, Consumer<Decoded> sink) {
            assertThat(source).isEqualTo(SOURCE);
            RuntimeException failure = openFailures.get(iface);
            if (failure != null) throw failure;
            FakeChannel c = new FakeChannel(sink);
            channels.put(iface + (ipv6 ? "/v6" : "/v4"), c);
            return c;
        }

        @Override
        public boolean linkUp(String iface) {
            assertThat(linkSink)
                    .as("the link watch starts before the links are read")
                    .isNotNull();
            return links.getOrDefault(iface, true);
        }

        @Override
        public InetAddress primaryAddress(String iface, boolean ipv6, List<InetAddress> except) {
            return SOURCE;
        }

        @Override
        public AutoCloseable watchLinks(Consumer<LinkReport> sink) {
            assertThat(linkSink).as("one link watch").isNull();
            linkSink = sink;
            return () -> linkWatchClosed = true;
        }

        @Override
        public void createVmac(String name, String iface, byte[] mac, InetAddress linkLocal) {
            RuntimeException failure = vmacFailures.get(name);
            if (failure != null) throw failure;
            gone.remove(name);
            calls.add("create vmac " + name + " on " + iface + " "
                    + HexFormat.ofDelimiter(":").formatHex(mac)
                    + (linkLocal == null ? "" : " with " + linkLocal.getHostAddress()));
        }

        @Override
        public void removeVmac(String name) {
            calls.add("remove vmac " + name);
        }

        @Override
        public List<Macvlan> macvlans(String iface) {
            return macvlans.getOrDefault(iface, List.of());
        }

        @Override
        public void removeMacvlan(String name) {
            calls.add("remove macvlan " + name);
        }

        @Override
        public boolean linkExists(String iface) {
            return !gone.contains(iface);
        }

        /** The addresses on the links now: a removal of one that is not there does nothing, as the kernel's does. */
        final Set<String> present = ConcurrentHashMap.newKeySet();

        @Override
        public void addAddress(String iface, IpPrefix address, String label) {
            present.add(iface + " " + address);
            calls.add("add " + iface + " " + address + (label == null ? "" : " label " + label));
        }

        @Override
        public void removeAddress(String iface, IpPrefix address) {
            if (present.remove(iface + " " + address)) calls.add("remove " + iface + " " + address);
        }

        @Override
        public void announce(String iface, List<InetAddress> addresses, int repeat) {
            calls.add("announce " + iface + " "
                    + addresses.stream().map(InetAddress::getHostAddress).toList() + " x" + repeat);
        }

        @Override
        public void syncDaemon(VrrpGroup.ConnectionSync sync, Action.SyncDaemon.Role role) {
            calls.add("sync daemon " + role);
        }

        @Override
        public void close() {}
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
