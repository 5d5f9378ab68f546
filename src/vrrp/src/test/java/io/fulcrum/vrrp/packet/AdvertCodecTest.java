package io.fulcrum.vrrp.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bytes, derived by hand field by field and cross-checked: the v2 packet is a real keepalived
 * capture (the seed document 000, tcpdump -X of 10.1.1.160 > 224.0.0.18), the v3 checksums were
 * computed independently (RFC 1071 in a few lines of Python) and tshark's VRRP dissector reports them
 * "Good" on a text2pcap'd packet.
 */
class AdvertCodecTest {
    static final InetAddress V4_GROUP = Vrrp.GROUP_V4;
    static final InetAddress V6_GROUP = Vrrp.GROUP_V6;

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[^0-9a-fA-F]", ""));
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** keepalived, vrid 51 prio 200 auth PASS "1111" advert_int 1 VIP 10.1.1.166 (seed 000, 09:43:04). */
    static final String KEEPALIVED_V2 = ""
            + "21" // version 2 | type 1 ADVERTISEMENT           (RFC 3768 §5.3.1, §5.3.2)
            + "33" // VRID 51                                       (§5.3.3)
            + "c8" // priority 200                                  (§5.3.4)
            + "01" // count IP addrs 1                              (§5.3.5)
            + "01" // auth type 1, simple text password             (§5.3.6)
            + "01" // advert interval 1 s                           (§5.3.7)
            + "a7c0" // checksum over the VRRP message only           (§5.3.8)
            + "0a0101a6" // 10.1.1.166                                    (§5.3.9)
            + "3131313100000000"; // "1111" zero-padded to 8 octets           (§5.3.10)

    /** The same capture with its IPv4 header (ttl 255, proto 112, 10.1.1.160 > 224.0.0.18). */
    static final String KEEPALIVED_V2_IP = "45000028c9340000ff70067e0a0101a0e0000012" + KEEPALIVED_V2;

    /** v3 over IPv4 10.0.0.1 > 224.0.0.18, vrid 51 prio 100, 1.00 s, VIPs 10.0.0.100 and .101. */
    static final String V3_IPV4 = ""
            + "31" // version 3 | type 1                            (RFC 5798 §5.2.1, §5.2.2)
            + "33" // VRID 51                                       (§5.2.3)
            + "64" // priority 100                                  (§5.2.4)
            + "02" // count IPvX addr 2                             (§5.2.5)
            + "0064" // rsvd 0 | max adver int 100 centiseconds       (§5.2.6, §5.2.7)
            + "6b09" // checksum with the IPv4 pseudo-header          (§5.2.8)
            + "0a000064" // 10.0.0.100                                    (§5.2.9)
            + "0a000065"; // 10.0.0.101

    /** v3 over IPv6 fe80::1 > ff02::12, vrid 7 prio 200, 0.10 s, VIP 2001:db8::7. */
    static final String V3_IPV6 = ""
            + "31" + "07" + "c8" + "01"
            + "000a" // 10 centiseconds
            + "db0d" // checksum with the IPv6 pseudo-header (RFC 8200 §8.1)
            + "20010db8000000000000000000000007";

    @Test
    void encodesKeepalivedsCapturedV2AdvertByteForByte() {
        Advertisement a =
                Advertisement.v2(51, 200, 1, List.of(ip("10.1.1.166")), "1111".getBytes(StandardCharsets.US_ASCII));

        assertThat(AdvertCodec.encode(a, ip("10.1.1.160"), V4_GROUP)).isEqualTo(hex(KEEPALIVED_V2));
    }

    @Test
    void decodesKeepalivedsCapturedDatagramWithItsIpHeader() {
        byte[] d = hex(KEEPALIVED_V2_IP);

        Decoded r = AdvertCodec.decodeIpv4(d, d.length);

        assertThat(r).isInstanceOf(Decoded.Valid.class);
        Decoded.Valid v = (Decoded.Valid) r;
        assertThat(v.source()).isEqualTo(ip("10.1.1.160"));
        assertThat(v.destination()).isEqualTo(V4_GROUP);
        assertThat(v.ttl()).isEqualTo(255);
        assertThat(v.advert())
                .isEqualTo(Advertisement.v2(
                        51, 200, 1, List.of(ip("10.1.1.166")), "1111".getBytes(StandardCharsets.US_ASCII)));
        assertThat(v.advert().authType()).isEqualTo(Vrrp.AUTH_SIMPLE_TEXT);
    }

    @Test
    void encodesV3OverIpv4WithThePseudoHeaderChecksum() {
        Advertisement a = Advertisement.v3(51, 100, 100, List.of(ip("10.0.0.100"), ip("10.0.0.101")));

        assertThat(AdvertCodec.encode(a, ip("10.0.0.1"), V4_GROUP)).isEqualTo(hex(V3_IPV4));
        assertThat(AdvertCodec.decode(hex(V3_IPV4), 0, 16, ip("10.0.0.1"), V4_GROUP, 255))
                .isEqualTo(new Decoded.Valid(a, ip("10.0.0.1"), V4_GROUP, 255));
    }

    @Test
    void encodesV3OverIpv6WithThePseudoHeaderChecksum() {
        Advertisement a = Advertisement.v3(7, 200, 10, List.of(ip("2001:db8::7")));

        assertThat(AdvertCodec.encode(a, ip("fe80::1"), V6_GROUP)).isEqualTo(hex(V3_IPV6));
        Decoded r = AdvertCodec.decode(hex(V3_IPV6), 0, 24, ip("fe80::1"), V6_GROUP, 255);
        assertThat(r).isEqualTo(new Decoded.Valid(a, ip("fe80::1"), V6_GROUP, 255));
        assertThat(a.intervalDuration().toMillis()).isEqualTo(100);
    }

    @Test
    void v3ChecksumDependsOnTheDestinationSoUnicastAdvertsAreSummedForThePeer() {
        Advertisement a = Advertisement.v3(51, 100, 100, List.of(ip("10.0.0.100")));
        byte[] toPeer = AdvertCodec.encode(a, ip("10.0.0.1"), ip("10.0.0.2"));

        assertThat(AdvertCodec.decode(toPeer, 0, toPeer.length, ip("10.0.0.1"), ip("10.0.0.2"), 255))
                .isInstanceOf(Decoded.Valid.class);
        assertThat(AdvertCodec.decode(toPeer, 0, toPeer.length, ip("10.0.0.1"), V4_GROUP, 255))
                .isInstanceOfSatisfying(
                        Decoded.Dropped.class, d -> assertThat(d.reason()).isEqualTo(DropReason.CHECKSUM));
    }

    @Test
    void v3IgnoresTheReservedBitsOfTheIntervalOnReceive() {
        byte[] b = hex(V3_IPV4);
        b[4] |= (byte) 0xf0; // reserved bits set: still a 100 cs interval (RFC 5798 §5.2.6: ignored on receipt)
        fixChecksum(b, 3, ip("10.0.0.1"), V4_GROUP);

        Decoded r = AdvertCodec.decode(b, 0, b.length, ip("10.0.0.1"), V4_GROUP, 255);

        assertThat(r)
                .isInstanceOfSatisfying(
                        Decoded.Valid.class,
                        v -> assertThat(v.advert().interval()).isEqualTo(100));
    }

    @Test
    void passwordNeverShowsInToString() {
        Advertisement a =
                Advertisement.v2(51, 200, 1, List.of(ip("10.1.1.166")), "s3cr3t".getBytes(StandardCharsets.US_ASCII));

        assertThat(a.toString()).doesNotContain("s3cr3t").doesNotContain("73336372");
    }

    static void fixChecksum(byte[] b, int version, InetAddress src, InetAddress dst) {
        b[6] = 0;
        b[7] = 0;
        int c = AdvertCodec.checksum(version, b, 0, b.length, src, dst);
        b[6] = (byte) (c >> 8);
        b[7] = (byte) c;
    }

    /** One bad input per row; the v2 rows are keepalived's capture with one field broken. */
    static Stream<Arguments> badPackets() {
        byte[] v2 = hex(KEEPALIVED_V2);
        InetAddress src = ip("10.1.1.160");
        return Stream.of(
                Arguments.of("empty", new byte[0], src, 255, DropReason.TRUNCATED),
                Arguments.of("7 bytes: no full header", slice(v2, 7), src, 255, DropReason.TRUNCATED),
                Arguments.of("cut inside the address", slice(v2, 10), src, 255, DropReason.LENGTH),
                Arguments.of("cut inside the auth data", slice(v2, 19), src, 255, DropReason.LENGTH),
                Arguments.of("TTL 254: crossed a router", v2, src, 254, DropReason.TTL),
                Arguments.of("TTL 1", v2, src, 1, DropReason.TTL),
                Arguments.of("version 1", with(v2, 0, 0x11), src, 255, DropReason.VERSION),
                Arguments.of("version 4", with(v2, 0, 0x41), src, 255, DropReason.VERSION),
                Arguments.of("version 2 over IPv6", v2, ip("fe80::1"), 255, DropReason.VERSION),
                Arguments.of("type 2", checksummed(with(v2, 0, 0x22)), src, 255, DropReason.TYPE),
                Arguments.of("wrong checksum", with(v2, 6, 0xa7, 7, 0xc1), src, 255, DropReason.CHECKSUM),
                Arguments.of("a flipped address bit", with(v2, 11, 0xa7), src, 255, DropReason.CHECKSUM),
                Arguments.of("count 2, one address", checksummed(with(v2, 3, 2)), src, 255, DropReason.LENGTH),
                Arguments.of("count 255, one address", checksummed(with(v2, 3, 255)), src, 255, DropReason.LENGTH),
                Arguments.of(
                        "count 0, one address: too long", checksummed(with(v2, 3, 0)), src, 255, DropReason.LENGTH),
                Arguments.of("trailing garbage", concat(v2, new byte[4]), src, 255, DropReason.LENGTH),
                Arguments.of("auth type 7", checksummed(with(v2, 4, 7)), src, 255, DropReason.AUTH_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPackets")
    void badPacketsAreDroppedWithTheirReason(
            String name, byte[] packet, InetAddress source, int ttl, DropReason reason) {
        Decoded r = AdvertCodec.decode(packet, 0, packet.length, source, V4_GROUP, ttl);

        assertThat(r)
                .isInstanceOfSatisfying(
                        Decoded.Dropped.class, d -> assertThat(d.reason()).isEqualTo(reason));
    }

    static Stream<Arguments> badDatagrams() {
        byte[] d = hex(KEEPALIVED_V2_IP);
        return Stream.of(
                Arguments.of("19 bytes", slice(d, 19), DropReason.TRUNCATED),
                Arguments.of("IP version 6 in an IPv4 header", with(d, 0, 0x65), DropReason.BAD_IP_HEADER),
                Arguments.of("IHL 4", with(d, 0, 0x44), DropReason.BAD_IP_HEADER),
                Arguments.of("IHL 15 in 40 bytes", with(d, 0, 0x4f), DropReason.TRUNCATED),
                Arguments.of("total length says 60", with(d, 3, 60), DropReason.BAD_IP_HEADER),
                Arguments.of("protocol 6", with(d, 9, 6), DropReason.BAD_IP_HEADER),
                Arguments.of("TTL 64", with(d, 8, 64), DropReason.TTL),
                Arguments.of("IP header only", with(slice(d, 20), 3, 20), DropReason.TRUNCATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDatagrams")
    void badIpv4DatagramsAreDroppedWithTheirReason(String name, byte[] datagram, DropReason reason) {
        Decoded r = AdvertCodec.decodeIpv4(datagram, datagram.length);

        assertThat(r)
                .isInstanceOfSatisfying(
                        Decoded.Dropped.class, d -> assertThat(d.reason()).isEqualTo(reason));
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(5798);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) b[0] = (byte) (0x40 | 5); // reach past the version check
            AdvertCodec.decodeIpv4(b, b.length);
            AdvertCodec.decode(b, 0, b.length, ip("fe80::1"), V6_GROUP, 255);
            AdvertCodec.decode(b, 0, b.length, ip("10.0.0.1"), V4_GROUP, 255);
        }
    }

    @Test
    void roundTripsTheLargestAddressList() {
        List<InetAddress> many = new ArrayList<>();
        for (int i = 0; i < 255; i++) many.add(ip("10.9." + (i / 250) + "." + (i % 250)));
        Advertisement a = Advertisement.v3(255, 254, Vrrp.V3_INTERVAL_MASK, many);

        byte[] b = AdvertCodec.encode(a, ip("10.0.0.1"), V4_GROUP);

        assertThat(b).hasSize(8 + 255 * 4);
        assertThat(AdvertCodec.decode(b, 0, b.length, ip("10.0.0.1"), V4_GROUP, 255))
                .isInstanceOfSatisfying(
                        Decoded.Valid.class, v -> assertThat(v.advert()).isEqualTo(a));
    }

    static byte[] slice(byte[] b, int n) {
        return Arrays.copyOf(b, n);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A copy with (offset, value) pairs applied. */
    static byte[] with(byte[] b, int... pairs) {
        byte[] out = b.clone();
        for (int i = 0; i < pairs.length; i += 2) out[pairs[i]] = (byte) pairs[i + 1];
        return out;
    }

    /** A v2 message with its checksum recomputed, so the check under test is the one that fails. */
    static byte[] checksummed(byte[] b) {
        byte[] out = b.clone();
        fixChecksum(out, 2, null, null);
        return out;
    }
}
