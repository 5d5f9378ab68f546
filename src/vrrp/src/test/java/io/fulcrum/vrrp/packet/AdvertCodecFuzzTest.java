package io.fulcrum.vrrp.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Adverts from the network, fuzzed (Jazzer): whatever arrives, the decoder answers with a decoded advert
 * or a counted drop, never an exception. In a normal test run each method runs its committed inputs
 * (AdvertCodecFuzzTestInputs/METHOD/); JAZZER_FUZZ=1 fuzzes (bin/fulcrum bench fuzz).
 */
class AdvertCodecFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anIpv4DatagramDecodesOrIsDropped(byte[] datagram) {
        Decoded d = AdvertCodec.decodeIpv4(datagram, datagram.length);
        assertThat(d).isNotNull();
    }

    @FuzzTest(maxDuration = "10m")
    void anIpv6AdvertDecodesOrIsDropped(FuzzedDataProvider data) throws UnknownHostException {
        byte[] link = Arrays.copyOf(data.consumeBytes(16), 16);
        link[0] = (byte) 0xfe; // a link-local source, as the receive path sees one (never v4-mapped)
        link[1] = (byte) 0x80;
        InetAddress source = InetAddress.getByAddress(link);
        int hopLimit = data.consumeInt(0, 255);
        byte[] advert = data.consumeRemainingAsBytes();
        Decoded d = AdvertCodec.decode(advert, 0, advert.length, source, InetAddress.getByName("ff02::12"), hopLimit);
        assertThat(d).isNotNull();
    }
}
