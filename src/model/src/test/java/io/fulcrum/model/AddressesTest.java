package io.fulcrum.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IP literals: parsing without name resolution, families, and the canonical text (RFC 5952). */
class AddressesTest {

    private static String canonical(String text) {
        return Addresses.format(Addresses.parse(text).orElseThrow(() -> new AssertionError("rejected: " + text)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "example.com",
                "ip6-localhost",
                "a",
                "fe80::1%eth0",
                "[::1]",
                "1.2.3.4:80",
                "0x7f.0.0.1",
                "2130706433",
                "1.2.3",
                "1.2.3.4.5",
                " 1.2.3.4",
                "1.2.3.4 ",
                "",
                "::1/128",
                "1::2::3",
                ":::",
                "12345::1",
                "1:2:3:4:5:6:7:8:9",
                "g::1"
            })
    void neverResolvesNamesAndRejectsAnythingButALiteral(String text) {
        assertThat(Addresses.parse(text)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(Addresses.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "01.2.3.4",
                "1.02.3.4",
                "1.2.3.004",
                "00.0.0.0",
                "256.0.0.1",
                "1.2.3.999",
                "1.2.3.-1",
                "300.300.300.300"
            })
    void rejectsIpv4WithLeadingZerosOrOctetsOutOfRange(String text) {
        assertThat(Addresses.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.200", "1.2.3.4"})
    void keepsIpv4DottedQuadsAsTheyAre(String text) {
        assertThat(Addresses.parse(text))
                .hasValueSatisfying(a -> assertThat(Addresses.family(a)).isEqualTo(Enums.AddressFamily.INET));
        assertThat(canonical(text)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // RFC 5952 4.2.3: the first of equal runs
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1", // 4.1: no leading zeros
        "2001:DB8::A:B, 2001:db8::a:b", // 4.3: lower case
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // 4.2.2: one 16-bit 0 field is not compressed
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", // 4.2.3: the longest run
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::1:2:3:4:5:6:7, 0:1:2:3:4:5:6:7",
        "fe80::0001, fe80::1",
        "2001:db8::0:1, 2001:db8::1"
    })
    void formatsIpv6CanonicallyPerRfc5952(String text, String expected) {
        assertThat(Addresses.parse(text))
                .hasValueSatisfying(a -> assertThat(Addresses.family(a)).isEqualTo(Enums.AddressFamily.INET6));
        assertThat(canonical(text)).isEqualTo(expected);
        assertThat(canonical(expected)).as("canonical text is a fixed point").isEqualTo(expected);
    }

    /** The hand-written IPv4 parse accepts exactly what the dotted-quad expression accepts. */
    @Test
    void parsesIpv4ByHandExactlyAsTheDottedQuadExpression() throws Exception {
        String octet = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
        Pattern dottedQuad = Pattern.compile(octet + "(\\." + octet + "){3}");
        Random random = new Random(13);
        String alphabet = "0123456789..a-";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(16);
            for (int k = 0; k < length; k++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            if (i % 2 == 0) // half of them near-valid: four numbers of 1-3 digits
            b = new StringBuilder(random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(1000) + "."
                    + (random.nextBoolean() ? "0" : "") + random.nextInt(260));
            String text = b.toString();
            byte[] parsed = Addresses.ipv4(text);
            assertThat(parsed != null)
                    .as(text)
                    .isEqualTo(dottedQuad.matcher(text).matches());
            if (parsed != null)
                assertThat(InetAddress.getByAddress(parsed)).as(text).isEqualTo(InetAddress.getByName(text));
        }
    }

    @Test
    void keepsAnIpv4MappedAddressAsIpv6() {
        InetAddress mapped = Addresses.parse("::ffff:1.2.3.4").orElseThrow();

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(Addresses.family(mapped)).isEqualTo(Enums.AddressFamily.INET6);
        assertThat(mapped).isNotEqualTo(Addresses.parse("1.2.3.4").orElseThrow());
        assertThat(Addresses.parse(Addresses.format(mapped))).contains(mapped);
        assertThat(Addresses.parse("::ffff:102:304")).contains(mapped);
    }

    @Test
    void formatsAnIpv4MappedAddressInMixedNotation() {
        assertThat(canonical("::ffff:1.2.3.4")).isEqualTo("::ffff:1.2.3.4");
        assertThat(canonical("0:0:0:0:0:ffff:0102:0304")).isEqualTo("::ffff:1.2.3.4");
    }

    @Test
    void rejectsLeadingZerosInTheIpv4PartOfAnIpv6Literal() {
        assertThat(Addresses.parse("::ffff:01.2.3.4")).isEmpty();
        assertThat(Addresses.parse("64:ff9b::192.0.2.033")).isEmpty();
    }

    @Test
    void acceptsEmbeddedIpv4WithoutLeadingZeros() {
        assertThat(Addresses.parse("64:ff9b::192.0.2.33"))
                .hasValueSatisfying(a -> assertThat(Addresses.family(a)).isEqualTo(Enums.AddressFamily.INET6));
    }

    @Test
    void formatsPrefixesWithTheCanonicalAddress() throws Exception {
        assertThat(new IpPrefix(InetAddress.getByName("2001:db8:0:0::1"), 64)).hasToString("2001:db8::1/64");
        assertThat(new IpPrefix(InetAddress.getByName("10.0.0.1"), 24).family()).isEqualTo(Enums.AddressFamily.INET);
        assertThatThrownBy(() -> new IpPrefix(InetAddress.getByName("10.0.0.1"), 33))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpPrefix(InetAddress.getByName("::1"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
