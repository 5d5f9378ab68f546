package io.fulcrum.agent.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableTest {
    static InetAddress ip(String s) {
        return Addresses.parse(s).orElseThrow();
    }

    static Destination dest(String ip, int port, int weight) {
        return new Destination(ip(ip), port, Enums.Forwarding.NAT, null, null, null, weight, 0, 0, false, 0);
    }

    static final ServiceKey WEB = ServiceKey.inet(ip("10.0.0.1"), 80, Enums.Protocol.TCP);
    static final Service RR = new Service(WEB, Enums.Scheduler.RR, Set.of(), null, 32, false);

    @Test
    void anEntryOfDestinationsIsTheEntryTheBuilderMakes() {
        List<Destination> ds = List.of(dest("10.0.1.1", 80, 1), dest("10.0.1.2", 80, 2), dest("10.0.1.1", 8080, 3));

        Table.Entry entry = Table.Entry.of(RR, ds);

        Table.Builder b = new Table.Builder().service(RR);
        ds.forEach(d -> b.destination(WEB, d));
        assertThat(entry).isEqualTo(b.build().services().get(WEB));
        assertThat(Table.Entry.of(RR, List.of()).destinations()).isEmpty();
    }

    @Test
    void ofEqualKeysTheLastDestinationWinsAsInTheBuilder() {
        Table.Entry entry = Table.Entry.of(RR, List.of(dest("10.0.1.1", 80, 1), dest("10.0.1.1", 80, 5)));

        assertThat(entry.destinations())
                .containsExactlyEntriesOf(Map.of(new Destination.Key(ip("10.0.1.1"), 80), dest("10.0.1.1", 80, 5)));
    }

    @Test
    void keysAreEqualByValueWithEqualHashes() {
        ServiceKey v6 = ServiceKey.inet(ip("2001:db8::1"), 443, Enums.Protocol.SCTP);
        ServiceKey mark = ServiceKey.fwmark(7, Enums.AddressFamily.INET6);
        List<ServiceKey> keys = List.of(
                WEB,
                ServiceKey.inet(ip("10.0.0.1"), 80, Enums.Protocol.UDP),
                ServiceKey.inet(ip("10.0.0.1"), 81, Enums.Protocol.TCP),
                v6,
                mark,
                ServiceKey.fwmark(7, Enums.AddressFamily.INET),
                ServiceKey.fwmark(8, Enums.AddressFamily.INET6));
        assertThat(new HashSet<>(keys)).hasSize(keys.size());
        for (ServiceKey k : keys) {
            ServiceKey copy = new ServiceKey(k.family(), k.protocol(), k.address(), k.port(), k.fwmark());
            assertThat(copy).isEqualTo(k).hasSameHashCodeAs(k);
        }
        assertThat(WEB).isNotEqualTo(null).isNotEqualTo("tcp 10.0.0.1:80");

        Destination.Key a = new Destination.Key(ip("10.0.1.1"), 80);
        assertThat(new Destination.Key(ip("10.0.1.1"), 80)).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a)
                .isNotEqualTo(new Destination.Key(ip("10.0.1.1"), 81))
                .isNotEqualTo(new Destination.Key(ip("10.0.1.2"), 80));
    }

    @Test
    void servicesAreEqualBySettings() {
        Service persistent = new Service(
                WEB, Enums.Scheduler.SH, Set.of(Enums.SchedulerFlag.SH_PORT), Duration.ofSeconds(300), 24, true);
        Service same = new Service(
                WEB, Enums.Scheduler.SH, Set.of(Enums.SchedulerFlag.SH_PORT), Duration.ofSeconds(300), 24, true);

        assertThat(same).isEqualTo(persistent).hasSameHashCodeAs(persistent);
        assertThat(new Service(WEB, Enums.Scheduler.SH, Set.of(), Duration.ofSeconds(300), 24, true))
                .isNotEqualTo(persistent);
        assertThat(new Service(WEB, Enums.Scheduler.SH, Set.of(Enums.SchedulerFlag.SH_PORT), null, 24, true))
                .isNotEqualTo(persistent);
        assertThat(new Service(
                        WEB,
                        Enums.Scheduler.SH,
                        Set.of(Enums.SchedulerFlag.SH_PORT),
                        Duration.ofSeconds(300),
                        32,
                        true))
                .isNotEqualTo(persistent);
        assertThat(new Service(
                        WEB,
                        Enums.Scheduler.SH,
                        Set.of(Enums.SchedulerFlag.SH_PORT),
                        Duration.ofSeconds(300),
                        24,
                        false))
                .isNotEqualTo(persistent);
        assertThat(new Service(
                        WEB,
                        Enums.Scheduler.MH,
                        Set.of(Enums.SchedulerFlag.SH_PORT),
                        Duration.ofSeconds(300),
                        24,
                        true))
                .isNotEqualTo(persistent);
        assertThat(new Service(
                        ServiceKey.fwmark(1, Enums.AddressFamily.INET),
                        Enums.Scheduler.SH,
                        Set.of(Enums.SchedulerFlag.SH_PORT),
                        Duration.ofSeconds(300),
                        24,
                        true))
                .isNotEqualTo(persistent);
    }
}
