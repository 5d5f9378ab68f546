package io.fulcrum.vrrp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.netlink.nftables.NftablesException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmacMldFilterTest {
    /**
     * What `nft list ruleset` printed for this very command (run through `nft -j -f -` in a namespace):
     * icmpv6 type { mld-listener-report, mld2-listener-report } oifname "vrrp.51" dup to ip6 daddr device
     * "eth0" drop comment "fulcrum: MLD of vrrp.51 from eth0".
     */
    static final String REPLACE_VRRP_51 = "{\"nftables\":["
            + "{\"add\":{\"chain\":{\"family\":\"ip6\",\"table\":\"fulcrum_vmac\",\"name\":\"vrrp.51\",\"type\":\"filter\","
            + "\"hook\":\"output\",\"prio\":0,\"policy\":\"accept\"}}},"
            + "{\"flush\":{\"chain\":{\"family\":\"ip6\",\"table\":\"fulcrum_vmac\",\"name\":\"vrrp.51\"}}},"
            + "{\"add\":{\"rule\":{\"family\":\"ip6\",\"table\":\"fulcrum_vmac\",\"chain\":\"vrrp.51\","
            + "\"comment\":\"fulcrum: MLD of vrrp.51 from eth0\",\"expr\":["
            + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"icmpv6\",\"field\":\"type\"}},"
            + "\"right\":{\"set\":[\"mld-listener-report\",\"mld2-listener-report\"]}}},"
            + "{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"oifname\"}},\"right\":\"vrrp.51\"}},"
            + "{\"dup\":{\"addr\":{\"payload\":{\"protocol\":\"ip6\",\"field\":\"daddr\"}},\"dev\":\"eth0\"}},"
            + "{\"drop\":null}]}}}]}";

    @Test
    void aLinksReportsAreSentFromItsParentAndDroppedOnTheLinkItself() {
        assertThat(VmacMldFilter.replaceChain("vrrp.51", "eth0")).isEqualTo(REPLACE_VRRP_51);
    }

    @Test
    void theTableIsMadeAnewOnceThenEachLinkHasItsChainUntilItGoesAndTheTableGoesWithTheHost() {
        List<String> run = new ArrayList<>();
        VmacMldFilter filter = new VmacMldFilter(() -> json -> {
            run.add(json);
            return "";
        });

        filter.add("vrrp.51", "eth0");
        filter.add("vrrp.52", "eth1");
        filter.remove("vrrp.51");
        filter.remove("vrrp.51"); // gone already: nothing to do
        filter.close();

        assertThat(run)
                .containsExactly(
                        VmacMldFilter.resetTable(),
                        REPLACE_VRRP_51,
                        VmacMldFilter.replaceChain("vrrp.52", "eth1"),
                        VmacMldFilter.deleteChain("vrrp.51"),
                        VmacMldFilter.deleteTable());
        assertThat(VmacMldFilter.resetTable())
                .as("a table left by a killed run goes in the same transaction")
                .isEqualTo("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"ip6\",\"name\":\"fulcrum_vmac\"}}},"
                        + "{\"delete\":{\"table\":{\"family\":\"ip6\",\"name\":\"fulcrum_vmac\"}}},"
                        + "{\"add\":{\"table\":{\"family\":\"ip6\",\"name\":\"fulcrum_vmac\"}}}]}");
    }

    @Test
    void withoutNftablesTheLinkWorksOnAndNothingIsLeftToDelete() {
        List<String> run = new ArrayList<>();
        VmacMldFilter filter = new VmacMldFilter(() -> json -> {
            run.add(json);
            throw new NftablesException("libnftables.so.1 cannot be loaded");
        });

        filter.add("vrrp.51", "eth0"); // a warning, not a failure of the group
        filter.remove("vrrp.51");
        filter.close();

        assertThat(run).containsExactly(VmacMldFilter.resetTable());
    }
}
