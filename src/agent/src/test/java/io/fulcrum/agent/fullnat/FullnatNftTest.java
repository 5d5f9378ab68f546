package io.fulcrum.agent.fullnat;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON given to libnftables, as golden text (libnftables-json(5)); a kernel-lab test runs it for real. */
class FullnatNftTest {

    @Test
    void oneAddressIsASnatToThatAddress() {
        var r = FullnatReconcilerTest.rule("10.10.0.100", 80, "10.20.0.50");
        assertThat(FullnatNft.expression(r).toString())
                .isEqualTo("[{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"nfproto\"}},\"right\":\"ipv4\"}},"
                        + "{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"l4proto\"}},\"right\":\"tcp\"}},"
                        + "{\"match\":{\"op\":\"==\",\"left\":{\"ct\":{\"key\":\"daddr\",\"family\":\"ip\",\"dir\":\"original\"}},\"right\":\"10.10.0.100\"}},"
                        + "{\"match\":{\"op\":\"==\",\"left\":{\"ct\":{\"key\":\"proto-dst\",\"dir\":\"original\"}},\"right\":80}},"
                        + "{\"snat\":{\"family\":\"ip\",\"addr\":\"10.20.0.50\"}}]");
    }

    @Test
    void aPoolTakesItsAddressesInTurnByNumgen() {
        var r = FullnatReconcilerTest.rule("10.10.0.100", 80, "10.20.0.50", "10.20.0.51");
        assertThat(FullnatNft.expression(r).get(4).toString())
                .isEqualTo(
                        "{\"snat\":{\"family\":\"ip\",\"addr\":{\"map\":{\"key\":{\"numgen\":{\"mode\":\"inc\",\"mod\":2,\"offset\":0}},"
                                + "\"data\":{\"set\":[[0,\"10.20.0.50\"],[1,\"10.20.0.51\"]]}}}}}");
    }

    @Test
    void ipv6MatchesAndTranslatesInIp6() {
        var r = new FullnatRule(
                ServiceKey.inet(Addresses.parse("2001:db8::1").orElseThrow(), 53, Enums.Protocol.UDP),
                List.of(Addresses.parse("2001:db8::50").orElseThrow()));
        String e = FullnatNft.expression(r).toString();
        assertThat(e)
                .contains(
                        "\"right\":\"ipv6\"",
                        "\"right\":\"udp\"",
                        "\"family\":\"ip6\",\"dir\":\"original\"}},\"right\":\"2001:db8::1\"");
        assertThat(e).endsWith("{\"snat\":{\"family\":\"ip6\",\"addr\":\"2001:db8::50\"}}]");
        assertThat(FullnatNft.comment(r)).matches("fulcrum fullnat udp \\[2001:db8::1\\]:53 [0-9a-f]{8}");
    }

    @Test
    void theCommentChangesWithThePoolAndFitsNftablesLimit() {
        var one = FullnatReconcilerTest.rule("10.10.0.100", 80, "10.20.0.50");
        var two = FullnatReconcilerTest.rule("10.10.0.100", 80, "10.20.0.50", "10.20.0.51");
        assertThat(FullnatNft.comment(one)).startsWith("fulcrum fullnat tcp 10.10.0.100:80 ");
        assertThat(FullnatNft.comment(one)).isNotEqualTo(FullnatNft.comment(two));
        var longest = new FullnatRule(
                ServiceKey.inet(
                        Addresses.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")
                                .orElseThrow(),
                        65535,
                        Enums.Protocol.SCTP),
                List.of(Addresses.parse("2001:db8::50").orElseThrow()));
        // NFTNL_UDATA_COMMENT_MAXLEN (libnftnl/udata.h): 128 bytes with the NUL
        assertThat(FullnatNft.comment(longest).length()).isLessThan(128);
    }

    @Test
    void theTableAndChainAreCreatedOnlyWithTheFirstRule() {
        var r = FullnatReconcilerTest.rule("10.10.0.100", 80, "10.20.0.50");
        String create = FullnatNft.commands(FullnatPlanner.plan(List.of(r), Installed.NOTHING));
        assertThat(create)
                .startsWith(
                        "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"fulcrum_fullnat\"}}},"
                                + "{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"fulcrum_fullnat\",\"name\":\"postrouting\","
                                + "\"type\":\"nat\",\"hook\":\"postrouting\",\"prio\":100,\"policy\":\"accept\"}}},"
                                + "{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"fulcrum_fullnat\",\"chain\":\"postrouting\",\"comment\":\"fulcrum fullnat tcp 10.10.0.100:80 ");
        var existing = new Installed(true, true, List.of(new Installed.Rule(9, "x")));
        String change = FullnatNft.commands(FullnatPlanner.plan(List.of(r), existing));
        assertThat(change)
                .doesNotContain("\"table\":{")
                .endsWith(
                        "{\"delete\":{\"rule\":{\"family\":\"inet\",\"table\":\"fulcrum_fullnat\",\"chain\":\"postrouting\",\"handle\":9}}}]}");
        assertThat(FullnatNft.commands(FullnatPlanner.plan(List.of(), Installed.NOTHING)))
                .isNull();
    }

    @Test
    void aListingIsReadBackWithHandlesAndComments() {
        // as libnftables 1.0.6 lists the table (trimmed)
        String listing = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}},"
                + " {\"table\": {\"family\": \"inet\", \"name\": \"fulcrum_fullnat\", \"handle\": 8}},"
                + " {\"chain\": {\"family\": \"inet\", \"table\": \"fulcrum_fullnat\", \"name\": \"postrouting\", \"handle\": 1,"
                + " \"type\": \"nat\", \"hook\": \"postrouting\", \"prio\": 100, \"policy\": \"accept\"}},"
                + " {\"rule\": {\"family\": \"inet\", \"table\": \"fulcrum_fullnat\", \"chain\": \"postrouting\", \"handle\": 3,"
                + " \"comment\": \"fulcrum fullnat tcp 10.10.0.100:80 1a2b3c4d\", \"expr\": []}},"
                + " {\"rule\": {\"family\": \"inet\", \"table\": \"fulcrum_fullnat\", \"chain\": \"postrouting\", \"handle\": 4, \"expr\": []}}]}";
        assertThat(FullnatNft.installed(listing))
                .isEqualTo(new Installed(
                        true,
                        true,
                        List.of(
                                new Installed.Rule(3, "fulcrum fullnat tcp 10.10.0.100:80 1a2b3c4d"),
                                new Installed.Rule(4, ""))));
        assertThat(FullnatNft.hasTable(listing)).isTrue();
        assertThat(FullnatNft.hasTable("{\"nftables\": [{\"metainfo\": {}}]}")).isFalse();
    }
}
