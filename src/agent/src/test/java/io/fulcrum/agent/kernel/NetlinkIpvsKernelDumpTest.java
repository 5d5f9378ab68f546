package io.fulcrum.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.netlink.NetlinkTransport;
import io.fulcrum.netlink.ipvs.IpvsClient;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reconcile's dump (counters skipped) and the listing's (with counters) over the kernel's own replies: a Debian
 * kernel's in the lab, recorded by the benchmark (family 0x20, port id 0xf6084cb6; sequence numbers renumbered).
 */
class NetlinkIpvsKernelDumpTest {
    static final int FAMILY = 0x20;
    static final int PID = 0xf6084cb6;

    /** NEW_SERVICE: TCP 10.100.7.38:80 wrr, with both counter blocks. */
    static String service(int seq) {
        return "40010000 2000 0200" + seq(seq) + "b64c08f6 01010000 2c010100"
                + "0600010002000000 0600020006000000 140003000a640726000000000000000000000000 0600040000500000"
                + "0800060077727200 0c00070002000000ffffffff 0800080000000000 08000900ffffffff" + STATS;
    }

    /** NEW_DEST: 10.(209 + n).7.38:8080 masq weight 1, tunnel attributes, family, both counter blocks. */
    static String destination(int seq, int n) {
        return "64010000 2000 0200" + seq(seq) + "b64c08f6 05010000 50010200"
                + "14000100 0a" + HexFormat.of().toHexDigits((byte) (209 + n)) + "0726 000000000000000000000000"
                + "060002001f900000 0800030000000000 0800040001000000 05000d0000000000 06000e0000000000 06000f0000000000"
                + "0800050000000000 0800060000000000 0800070000000000 0800080000000000 0800090000000000 06000b0002000000"
                + STATS;
    }

    static final String STATS =
            "5c000a000800010000000000080002000000000008000300000000000c00040000000000000000000c0005000000000000000000"
                    + "080006000000000008000700000000000800080000000000080009000000000008000a0000000000"
                    + "7c000c000c00010000000000000000000c00020000000000000000000c00030000000000000000000c00040000000000000000000c0005"
                    + "0000000000000000000c00060000000000000000000c00070000000000000000000c00080000000000000000000c0009000000000000"
                    + "0000000c000a000000000000000000";

    static String seq(int seq) {
        return HexFormat.of().toHexDigits(Integer.reverseBytes(seq));
    }

    static String done(int seq) {
        return "14000000 0300 0200" + seq(seq) + "b64c08f6 00000000";
    }

    static String dumpServices(int seq) {
        return "14000000 2000 0103" + seq(seq) + "00000000 04010000";
    }

    static String dumpDestinations(int seq) {
        return "44000000 2000 0103" + seq(seq) + "00000000 08010000"
                + "3000 0180 0600 0100 0200 0000 0600 0200 0600 0000 1400 0300 0a640726 00000000 00000000 00000000 0600 0400 0050 0000";
    }

    static InetAddress ip(String s) {
        return Addresses.parse(s).orElseThrow();
    }

    static final ServiceKey WEB = ServiceKey.inet(ip("10.100.7.38"), 80, Enums.Protocol.TCP);

    @Test
    void theReconcilesDumpReadsTheTableWithoutCounters() {
        Script kernel = new Script()
                .expect(dumpServices(1), service(1), done(1))
                .expect(dumpDestinations(2), destination(2, 0) + destination(2, 1), destination(2, 2) + done(2));

        Table table = new NetlinkIpvsKernel(IpvsClient.withFamily(kernel, FAMILY)).dump();

        Table.Builder want =
                new Table.Builder().service(new Service(WEB, Enums.Scheduler.WRR, Set.of(), null, 32, false));
        for (String a : List.of("10.209.7.38", "10.210.7.38", "10.211.7.38")) {
            want.destination(
                    WEB, new Destination(ip(a), 8080, Enums.Forwarding.NAT, null, null, null, 1, 0, 0, false, 0));
        }
        assertThat(table).isEqualTo(want.build());
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void theListingStillReadsTheCounters() {
        Script kernel = new Script()
                .expect(dumpServices(1), service(1), done(1))
                .expect(dumpDestinations(2), destination(2, 0) + done(2));

        List<ServiceStats> stats = new NetlinkIpvsKernel(IpvsClient.withFamily(kernel, FAMILY)).stats();

        assertThat(stats).hasSize(1);
        assertThat(stats.get(0).key()).isEqualTo(WEB);
        assertThat(stats.get(0).destinations())
                .extracting(ServiceStats.DestinationStats::weight)
                .containsExactly(1);
        assertThat(kernel.finished()).isTrue();
    }

    /** Each expected request (hex) answered with its datagrams (hex). */
    static final class Script implements NetlinkTransport {
        private final Deque<String[]> exchanges = new ArrayDeque<>();
        private final Deque<String> pending = new ArrayDeque<>();

        Script expect(String request, String... replies) {
            String[] e = new String[replies.length + 1];
            e[0] = request;
            System.arraycopy(replies, 0, e, 1, replies.length);
            exchanges.add(e);
            return this;
        }

        boolean finished() {
            return exchanges.isEmpty() && pending.isEmpty();
        }

        @Override
        public void send(ByteBuffer message) {
            String[] next = exchanges.remove();
            byte[] sent = new byte[message.remaining()];
            message.duplicate().get(sent);
            assertThat(HexFormat.of().formatHex(sent)).isEqualTo(clean(next[0]));
            for (int i = 1; i < next.length; i++) pending.add(next[i]);
        }

        @Override
        public ByteBuffer receive() {
            return ByteBuffer.wrap(HexFormat.of().parseHex(clean(pending.remove())))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }

        private static String clean(String hex) {
            return hex.replaceAll("\\s", "");
        }

        @Override
        public int portId() {
            return PID;
        }

        @Override
        public void close() {}
    }
}
