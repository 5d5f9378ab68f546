package io.fulcrum.netlink.route;

import static io.fulcrum.netlink.FakeKernel.done;
import static io.fulcrum.netlink.route.RouteClientRequestTest.PID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.Errno;
import io.fulcrum.netlink.ErrnoException;
import io.fulcrum.netlink.FakeKernel;
import io.fulcrum.netlink.Hex;
import io.fulcrum.netlink.Netlink;
import io.fulcrum.netlink.NetlinkTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The link notifications of RTNLGRP_LINK, parsed from datagrams a 6.18 kernel sent to {@code ip monitor
 * link} in a namespace (captured with strace; the {@code .hex} resources beside this class), and the
 * resynchronisation after an overrun against a scripted kernel. Nothing waits: the fake socket is
 * readable exactly when it has something queued.
 */
class LinkMonitorTest {
    /** vrrp.51 (index 4, ARPHRD_ETHER) set up: flags UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP, macvlan on veth0 (3). */
    static final String NEWLINK_VRRP51_UP = resource("newlink-vrrp51-up.hex");
    /** veth0 (index 3) after its peer veth1 (2) went down: still UP, but neither RUNNING nor LOWER_UP. */
    static final String NEWLINK_VETH0_NO_CARRIER = resource("newlink-veth0-no-carrier.hex");
    /** RTM_DELLINK of vrrp.51, ifi_change 0xffffffff as rtnl_dellink sends it. */
    static final String DELLINK_VRRP51 = resource("dellink-vrrp51.hex");
    /** RTM_GETLINK dump request, first sequence number 1. */
    static final String DUMP_LINKS = "20000000 1200 0103 01000000 00000000 | 00 00 0000 00000000 00000000 00000000";

    final Notifications socket = new Notifications();
    final FakeKernel kernel = new FakeKernel(PID);
    final LinkMonitor monitor = new LinkMonitor(socket, RouteClient.on(kernel));

    @Test
    void aMacvlanComingUpIsRunningWithItsMacParentAndKind() {
        socket.queue(NEWLINK_VRRP51_UP);

        LinkMonitor.Batch b = monitor.next(Duration.ofSeconds(1));

        assertThat(b.complete()).isFalse();
        assertThat(b.events())
                .containsExactly(new LinkMonitor.Event(
                        new Link(
                                4,
                                "vrrp.51",
                                Rtnetlink.ARPHRD_ETHER,
                                0x11043,
                                "00:00:5e:00:01:33",
                                3,
                                Rtnetlink.KIND_MACVLAN),
                        false));
        assertThat(b.events().get(0).link().running()).isTrue();
    }

    @Test
    void aLinkThatLostItsCarrierIsUpButNotRunning() {
        socket.queue(NEWLINK_VETH0_NO_CARRIER);

        Link veth0 = monitor.next(Duration.ofSeconds(1)).events().get(0).link();

        assertThat(veth0.name()).isEqualTo("veth0");
        assertThat(veth0.up()).isTrue();
        assertThat(veth0.running()).isFalse();
        assertThat(veth0.kind()).isEqualTo("veth");
        assertThat(veth0.parentIndex()).as("a veth's IFLA_LINK is its peer").isEqualTo(2);
    }

    @Test
    void aDeletedLinkIsReportedRemovedByName() {
        socket.queue(DELLINK_VRRP51);

        assertThat(monitor.next(Duration.ofSeconds(1)).events()).singleElement().satisfies(e -> {
            assertThat(e.removed()).isTrue();
            assertThat(e.link().name()).isEqualTo("vrrp.51");
            assertThat(e.link().index()).isEqualTo(4);
        });
    }

    @Test
    void severalMessagesInOneDatagramKeepTheirOrder() {
        socket.queue(NEWLINK_VRRP51_UP + DELLINK_VRRP51);

        assertThat(monitor.next(Duration.ofSeconds(1)).events())
                .extracting(e -> e.link().name(), LinkMonitor.Event::removed)
                .containsExactly(Tuple.tuple("vrrp.51", false), Tuple.tuple("vrrp.51", true));
    }

    @Test
    void nothingWithinTheTimeoutIsAnEmptyBatchWithoutAReceive() {
        LinkMonitor.Batch b = monitor.next(Duration.ofMillis(200));

        assertThat(b.events()).isEmpty();
        assertThat(b.complete()).isFalse();
        assertThat(socket.waitedFor).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void anOverrunDiscardsWhatIsQueuedAndAnswersWithOneDump() {
        // ENOBUFS: notifications were lost; the two queued behind it may be older than what was lost
        socket.overrun();
        socket.queue(NEWLINK_VETH0_NO_CARRIER);
        socket.queue(DELLINK_VRRP51);
        kernel.expect(DUMP_LINKS)
                .reply(multi(RouteClientReplyTest.LINK_LO, 1), multi(NEWLINK_VRRP51_UP, 1) + done(1, PID));

        LinkMonitor.Batch b = monitor.next(Duration.ofSeconds(1));

        assertThat(b.complete()).isTrue();
        assertThat(b.events()).extracting(e -> e.link().name()).containsExactly("lo", "vrrp.51");
        assertThat(b.events()).noneMatch(LinkMonitor.Event::removed);
        assertThat(socket.isEmpty())
                .as("the stale notifications were read and dropped")
                .isTrue();
        assertThat(kernel.finished()).isTrue();

        // and notifications after the dump are delivered as usual
        socket.queue(NEWLINK_VETH0_NO_CARRIER);
        assertThat(monitor.next(Duration.ofSeconds(1)).events())
                .extracting(e -> e.link().name())
                .containsExactly("veth0");
    }

    @Test
    void aDumpTheKernelMarksInterruptedIsTakenAgain() {
        socket.overrun();
        // NLM_F_DUMP_INTR on the first dump's NLMSG_DONE: links changed during it
        String interruptedDone = done(1, PID).replace("03000200", "03001200");
        kernel.expect(DUMP_LINKS).reply(multi(RouteClientReplyTest.LINK_LO, 1), interruptedDone);
        kernel.expect(DUMP_LINKS.replace("01000000 00000000 |", "02000000 00000000 |"))
                .reply(multi(RouteClientReplyTest.LINK_LO, 2) + multi(NEWLINK_VRRP51_UP, 2) + done(2, PID));

        LinkMonitor.Batch b = monitor.next(Duration.ofSeconds(1));

        assertThat(b.complete()).isTrue();
        assertThat(b.events()).extracting(e -> e.link().name()).containsExactly("lo", "vrrp.51");
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void anotherReceiveErrorIsNotAnOverrun() {
        socket.fail(ErrnoException.of(Errno.EBADF.number(), "recv"));

        assertThatThrownBy(() -> monitor.next(Duration.ofSeconds(1)))
                .isInstanceOf(ErrnoException.class)
                .hasMessageContaining("EBADF");
        assertThat(kernel.finished()).as("no dump").isTrue();
    }

    // ---- fakes ----

    /** {@code hex}, one message or several, re-addressed as the reply to dump {@code seq}: NLM_F_MULTI, our port id. */
    static String multi(String hex, int seq) {
        ByteBuffer b = Hex.buffer(hex);
        int p = 0;
        while (p < b.limit()) {
            int length = b.getInt(p);
            b.putShort(p + 6, (short) Netlink.NLM_F_MULTI).putInt(p + 8, seq).putInt(p + 12, PID);
            p += Netlink.align(length);
        }
        return Hex.of(b);
    }

    static String resource(String name) {
        try (InputStream in = LinkMonitorTest.class.getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("no resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", "");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A subscribed socket: readable exactly when something is queued; a queued exception is what the receive throws. */
    static final class Notifications implements NetlinkTransport {
        private final Deque<Object> queue = new ArrayDeque<>();
        final List<Duration> waitedFor = new ArrayList<>();

        void queue(String datagramHex) {
            queue.add(Hex.buffer(datagramHex).order(ByteOrder.LITTLE_ENDIAN));
        }

        void overrun() {
            fail(ErrnoException.of(Errno.ENOBUFS.number(), "recv"));
        }

        void fail(RuntimeException e) {
            queue.add(e);
        }

        boolean isEmpty() {
            return queue.isEmpty();
        }

        @Override
        public boolean awaitReadable(Duration timeout) {
            waitedFor.add(timeout);
            return !queue.isEmpty();
        }

        @Override
        public ByteBuffer receive() {
            Object next = queue.poll();
            if (next == null) throw new AssertionError("receive on a socket with nothing queued would block");
            if (next instanceof RuntimeException e) throw e;
            return (ByteBuffer) next;
        }

        @Override
        public void send(ByteBuffer message) {
            throw new AssertionError("a notification socket sends nothing");
        }

        @Override
        public int portId() {
            return 0;
        }

        @Override
        public void close() {}
    }
}
