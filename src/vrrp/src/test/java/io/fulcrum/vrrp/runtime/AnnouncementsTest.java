package io.fulcrum.vrrp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden bytes of the takeover announcements, field by field. */
class AnnouncementsTest {
    static final byte[] MAC = HexFormat.of().parseHex("0adcfb13652e");

    @Test
    void gratuitousArpIsARequestForTheAddressFromItself() throws Exception {
        byte[] arp = Announcements.gratuitousArp(MAC, InetAddress.getByName("10.1.1.166"));

        assertThat(HexFormat.of().formatHex(arp))
                .isEqualTo(""
                        + "0001" // hardware type Ethernet (RFC 826)
                        + "0800" // protocol type IPv4
                        + "06" + "04" // hardware / protocol address lengths
                        + "0001" // operation: request
                        + "0adcfb13652e" // sender hardware address: ours
                        + "0a0101a6" // sender protocol address: the VIP
                        + "ffffffffffff" // target hardware address: broadcast, as keepalived sends it
                        + "0a0101a6"); // target protocol address: the VIP again (gratuitous)
    }

    @Test
    void unsolicitedNeighbourAdvertisementOverridesWithOurLinkLayerAddress() throws Exception {
        byte[] na = Announcements.unsolicitedNeighborAdvertisement(MAC, InetAddress.getByName("2001:db8::7"));

        assertThat(HexFormat.of().formatHex(na))
                .isEqualTo(""
                        + "88" + "00" // ICMPv6 type 136 Neighbor Advertisement, code 0 (RFC 4861 §4.4)
                        + "0000" // checksum: the kernel fills it for a raw ICMPv6 socket (RFC 3542 §3.1)
                        + "20000000" // R=0 S=0 O=1, reserved
                        + "20010db8000000000000000000000007" // target address: the VIP
                        + "02" + "01" // option: target link-layer address, length 1 (8 octets)
                        + "0adcfb13652e");
    }
}
