package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertGapsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void advertsOnTimeHaveGapsOfOneIntervalAndNoneLate() {
        List<Long> t = List.of(1 * S, 2 * S, 3 * S, 4 * S, 5 * S);

        AdvertGaps.Result r = AdvertGaps.of(t, 2 * S + S / 2, 5 * S + S / 2, 1);

        assertThat(r.adverts()).isEqualTo(3);
        assertThat(r.largestGapMillis()).isEqualTo(1000.0);
        assertThat(r.late()).isZero();
    }

    @Test
    void aGapOverOneAndAHalfIntervalsIsLateAndTheLargestIsKept() {
        List<Long> t = List.of(0L, S, 2 * S, 4 * S + S / 2, 5 * S + S / 2, 7 * S);

        AdvertGaps.Result r = AdvertGaps.of(t, S, 7 * S, 1);

        assertThat(r.adverts()).isEqualTo(4);
        assertThat(r.largestGapMillis()).isEqualTo(2500.0);
        assertThat(r.late()).as("2.5 s and 1.5 s is not over 1.5").isEqualTo(1);
    }

    @Test
    void theGapRunningIntoThePhaseAndTheOneStillOpenAtItsEndCount() {
        List<Long> t = List.of(0L, 5 * S);

        assertThat(AdvertGaps.of(t, S, 2 * S, 1))
                .as("no advert in the phase: the gap since the last one before it")
                .isEqualTo(new AdvertGaps.Result(0, 2000.0, 1));
        assertThat(AdvertGaps.of(t, 4 * S, 8 * S, 1))
                .as("the gap from 5 s to the end at 8 s is open, and late")
                .isEqualTo(new AdvertGaps.Result(1, 5000.0, 2));
        assertThat(AdvertGaps.of(List.of(), 0, 2 * S, 1).largestGapMillis()).isEqualTo(2000.0);
    }

    @Test
    void aLongerIntervalMovesWhatIsLate() {
        List<Long> t = List.of(0L, 2 * S, 4 * S, 6 * S);

        assertThat(AdvertGaps.of(t, 0, 6 * S, 1).late()).isEqualTo(3);
        assertThat(AdvertGaps.of(t, 0, 6 * S, 2).late()).isZero();
    }

    @Test
    void onlyTheDirectorsAdvertsOfTheFleetsGroupAreKept() {
        byte[] advert = ipv4(112, "10.9.0.1", 0x21, Fleet.VRID);

        assertThat(AdvertListener.fromTheDirector(advert, Fleet.VRID)).isTrue();
        assertThat(AdvertListener.fromTheDirector(ipv4(112, "10.9.0.1", 0x21, 7), Fleet.VRID))
                .as("another VRID")
                .isFalse();
        assertThat(AdvertListener.fromTheDirector(ipv4(112, "10.9.0.9", 0x21, Fleet.VRID), Fleet.VRID))
                .as("another sender")
                .isFalse();
        assertThat(AdvertListener.fromTheDirector(ipv4(112, "10.9.0.1", 0x22, Fleet.VRID), Fleet.VRID))
                .as("not an ADVERTISEMENT (type 2)")
                .isFalse();
        assertThat(AdvertListener.fromTheDirector(ipv4(6, "10.9.0.1", 0x21, Fleet.VRID), Fleet.VRID))
                .as("not VRRP")
                .isFalse();
        assertThat(AdvertListener.fromTheDirector(new byte[12], Fleet.VRID)).isFalse();
    }

    /** An IPv4 header (IHL 5) from {@code source} to 224.0.0.18, then the first bytes of a VRRP advert. */
    private static byte[] ipv4(int protocol, String source, int versionType, int vrid) {
        byte[] p = new byte[28];
        p[0] = 0x45;
        p[8] = (byte) 255;
        p[9] = (byte) protocol;
        String[] a = source.split("\\.");
        for (int i = 0; i < 4; i++) p[12 + i] = (byte) Integer.parseInt(a[i]);
        p[16] = (byte) 224;
        p[19] = 18;
        p[20] = (byte) versionType;
        p[21] = (byte) vrid;
        p[22] = (byte) 150;
        return p;
    }
}
