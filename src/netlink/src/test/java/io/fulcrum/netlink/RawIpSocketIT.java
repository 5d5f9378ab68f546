package io.fulcrum.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.route.RouteClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Live, on this host's loopback only (root): raw IP and packet sockets through {@link Native}. IP
 * protocol 253 (RFC 3692, for experiments) so that nothing else on the host sees these datagrams.
 */
class RawIpSocketIT {
    static final int EXPERIMENTAL = 253;

    @Test
    void ipv4DatagramArrivesWithItsHeaderTtlAndAddresses() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (RawIpSocket rx = RawIpSocket.open(false, EXPERIMENTAL);
                RawIpSocket tx = RawIpSocket.open(false, EXPERIMENTAL)) {
            rx.bindToDevice("lo");
            tx.setHopLimit(255);
            byte[] payload = {1, 2, 3, 4, 5};

            tx.send(payload, lo, 0);
            RawIpSocket.Datagram d = rx.receive(Duration.ofSeconds(2));

            assertThat(d).isNotNull();
            assertThat(d.hopLimit()).isEqualTo(255);
            assertThat(d.source()).isEqualTo(lo);
            assertThat(d.destination()).isEqualTo(lo);
            assertThat(d.data()[9] & 0xff).isEqualTo(EXPERIMENTAL);
            assertThat(Arrays.copyOfRange(d.data(), d.data().length - 5, d.data().length))
                    .isEqualTo(payload);
        }
    }

    @Test
    void ipv6DatagramArrivesWithHopLimitAndDestinationFromAncillaryData() throws Exception {
        InetAddress lo = InetAddress.getByName("::1");
        try (RawIpSocket rx = RawIpSocket.open(true, EXPERIMENTAL);
                RawIpSocket tx = RawIpSocket.open(true, EXPERIMENTAL)) {
            rx.receiveHopLimitAndDestination();
            tx.setHopLimit(255);
            tx.bind(lo, 0);
            byte[] payload = {9, 8, 7};

            tx.send(payload, lo, 0);
            RawIpSocket.Datagram d = rx.receive(Duration.ofSeconds(2));

            assertThat(d).isNotNull();
            assertThat(d.data()).isEqualTo(payload);
            assertThat(d.hopLimit()).isEqualTo(255);
            assertThat(d.source()).isEqualTo(lo);
            assertThat(d.destination()).isEqualTo(lo);
            assertThat(d.ifindex()).isPositive();
        }
    }

    @Test
    void consecutiveIpv4DatagramsReuseOneNativeBufferAndEachKeepsItsOwnBytes() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (RawIpSocket rx = RawIpSocket.open(false, EXPERIMENTAL);
                RawIpSocket tx = RawIpSocket.open(false, EXPERIMENTAL)) {
            rx.bindToDevice("lo");
            tx.setHopLimit(255);
            byte[] longer = new byte[40];
            Arrays.fill(longer, (byte) 7);
            byte[] shorter = {1, 2, 3};

            tx.send(longer, lo, 0);
            RawIpSocket.Datagram first = rx.receive(Duration.ofSeconds(2));
            Native.ReceiveBuffer buffer = rx.receiveBuffer();
            tx.send(shorter, lo, 0);
            RawIpSocket.Datagram second = rx.receive(Duration.ofSeconds(2));

            assertThat(buffer).isNotNull();
            assertThat(rx.receiveBuffer()).isSameAs(buffer);
            assertThat(first.data()).hasSize(20 + 40);
            assertThat(second.data()).hasSize(20 + 3); // nothing left over from the longer one
            assertThat(Arrays.copyOfRange(second.data(), 20, 23)).isEqualTo(shorter);
            assertThat(second.source()).isEqualTo(lo);
            assertThat(second.hopLimit()).isEqualTo(255);
        }
    }

    @Test
    void consecutiveIpv6DatagramsReuseOneNativeBufferAndEachCarriesItsOwnAncillaryData() throws Exception {
        InetAddress lo = InetAddress.getByName("::1");
        try (RawIpSocket rx = RawIpSocket.open(true, EXPERIMENTAL);
                RawIpSocket tx = RawIpSocket.open(true, EXPERIMENTAL)) {
            rx.receiveHopLimitAndDestination();
            tx.bind(lo, 0);
            int[] hopLimits = {255, 64, 1};
            Native.ReceiveBuffer buffer = null;
            for (int i = 0; i < hopLimits.length; i++) {
                tx.setHopLimit(hopLimits[i]);
                byte[] payload = new byte[10 - 3 * i];
                Arrays.fill(payload, (byte) i);

                tx.send(payload, lo, 0);
                RawIpSocket.Datagram d = rx.receive(Duration.ofSeconds(2));

                assertThat(d).isNotNull();
                assertThat(d.data()).isEqualTo(payload);
                assertThat(d.hopLimit()).isEqualTo(hopLimits[i]);
                assertThat(d.source()).isEqualTo(lo);
                assertThat(d.destination()).isEqualTo(lo);
                if (buffer == null) buffer = rx.receiveBuffer();
                assertThat(rx.receiveBuffer()).isNotNull().isSameAs(buffer);
            }
        }
    }

    @Test
    void aSendOnlySocketTakesNoReceiveMemory() throws Exception {
        try (RawIpSocket tx = RawIpSocket.open(false, EXPERIMENTAL)) {
            tx.send(new byte[] {1}, InetAddress.getByName("127.0.0.1"), 0);

            assertThat(tx.receiveBuffer()).isNull();
        }
    }

    @Test
    void receiveReturnsNullWhenNothingArrives() {
        try (RawIpSocket rx = RawIpSocket.open(false, EXPERIMENTAL)) {
            rx.bindToDevice("lo");
            assertThat(rx.receive(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void anUnknownDeviceIsATypedError() {
        try (RawIpSocket s = RawIpSocket.open(false, EXPERIMENTAL)) {
            assertThatThrownBy(() -> s.bindToDevice("fulcrum-nosuch"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("ENODEV");
        }
    }

    @Test
    void packetSocketKnowsItsInterfacesHardwareAddress() {
        try (var route = RouteClient.open();
                PacketSocket p = PacketSocket.open(route.linkIndex("lo"))) {
            assertThat(p.hardwareAddress()).isEqualTo(new byte[6]);
        }
    }
}
