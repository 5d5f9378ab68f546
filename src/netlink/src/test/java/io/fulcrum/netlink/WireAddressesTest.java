package io.fulcrum.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class WireAddressesTest {
    @Test
    void fourBytesAreIpv4AndSixteenAlwaysIpv6EvenWhenIpv4Mapped() {
        assertThat(WireAddresses.of(new byte[] {10, 0, 0, 1})).isInstanceOf(Inet4Address.class);
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        assertThat(WireAddresses.of(mapped)).isInstanceOf(Inet6Address.class);
    }

    @Test
    void anotherLengthIsAMalformedMessage() {
        assertThatThrownBy(() -> WireAddresses.of(new byte[5]))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("bad address: ");
    }
}
