package io.fulcrum.agent.fullnat;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.realserver.FakeSysctl;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.netlink.nftables.NftCommands;
import io.fulcrum.netlink.nftables.NftablesException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FullnatReconcilerTest {
    final FakeNft nft = new FakeNft();
    final FakeSysctl sysctl = new FakeSysctl();
    final FullnatReconciler reconciler = new FullnatReconciler(nft, sysctl);

    static FullnatRule rule(String vip, int port, String... pool) {
        return new FullnatRule(
                ServiceKey.inet(Addresses.parse(vip).orElseThrow(), port, Enums.Protocol.TCP),
                Arrays.stream(pool).map(a -> Addresses.parse(a).orElseThrow()).toList());
    }

    static final FullnatRule WEB = rule("10.10.0.100", 80, "10.20.0.50");
    static final FullnatRule API = rule("10.10.0.101", 443, "10.20.0.50", "10.20.0.51");

    @BeforeEach
    void ipvsLoaded() {
        sysctl.values.put(FullnatReconciler.CONNTRACK_SYSCTL, "0");
    }

    @Test
    void theFirstRuleCreatesTheTableAndChainAndTurnsOnIpvsConntrack() {
        var r = reconciler.reconcile(List.of(WEB));
        assertThat(r.converged()).isTrue();
        assertThat(sysctl.values).containsEntry("net.ipv4.vs.conntrack", "1");
        assertThat(nft.table).isTrue();
        assertThat(nft.chain).isTrue();
        assertThat(nft.comments()).containsExactly(FullnatNft.comment(WEB));
        assertThat(nft.changes()).hasSize(1); // one transaction
    }

    @Test
    void noChangeSendsNoChangeAndReadsOnlyOnceAfterAChange() {
        reconciler.reconcile(List.of(WEB, API));
        int before = nft.commands.size();
        reconciler.reconcile(List.of(WEB, API)); // reads back the new handles, changes nothing
        reconciler.reconcile(List.of(WEB, API)); // nothing at all
        assertThat(nft.commands.subList(before, nft.commands.size()))
                .allMatch(c -> c.contains("\"list\""))
                .hasSize(2);
        assertThat(sysctl.writes).hasSize(1);
    }

    @Test
    void aRestartedAgentLeavesTheRulesItStillWants() {
        reconciler.reconcile(List.of(WEB, API));
        var rulesBefore = List.copyOf(nft.rules);
        var restarted = new FullnatReconciler(nft, sysctl);
        var r = restarted.reconcile(List.of(API, WEB));
        assertThat(r.plan().isEmpty()).isTrue();
        assertThat(nft.rules).isEqualTo(rulesBefore);
    }

    @Test
    void aRemovedServiceTakesOnlyItsRuleAway() {
        reconciler.reconcile(List.of(WEB, API));
        reconciler.reconcile(List.of(API));
        assertThat(nft.comments()).containsExactly(FullnatNft.comment(API));
        String last = nft.changes().get(nft.changes().size() - 1);
        assertThat(last).contains("\"delete\"").doesNotContain("\"add\"").doesNotContain("\"table\":{");
    }

    @Test
    void aChangedPoolAddsTheNewRuleBeforeDeletingTheOld() {
        reconciler.reconcile(List.of(WEB));
        FullnatRule wider = rule("10.10.0.100", 80, "10.20.0.50", "10.20.0.52");
        reconciler.reconcile(List.of(wider));
        assertThat(nft.comments()).containsExactly(FullnatNft.comment(wider));
        String last = nft.changes().get(nft.changes().size() - 1);
        assertThat(last.indexOf("\"add\"")).isLessThan(last.indexOf("\"delete\""));
    }

    @Test
    void theLastServiceGoneTakesTheEmptiedTableWithIt() {
        reconciler.reconcile(List.of(WEB));
        var r = reconciler.reconcile(List.of());
        assertThat(r.plan().deleteTable()).isTrue();
        assertThat(nft.table).isFalse();
        // and with nothing wanted and no table, nothing is sent but the listing
        int before = nft.commands.size();
        reconciler.reconcile(List.of());
        assertThat(nft.commands.subList(before, nft.commands.size())).allMatch(c -> c.contains("\"list\""));
    }

    @Test
    void rulesOthersPutIntoTheAgentsTableAreRemovedAtTheNextResync() {
        reconciler.reconcile(List.of(WEB));
        reconciler.reconcile(List.of(WEB));
        nft.foreignRule(null);
        nft.foreignRule(FullnatNft.comment(WEB)); // a duplicate of ours
        reconciler.resync();
        var r = reconciler.reconcile(List.of(WEB));
        assertThat(r.plan().delete()).hasSize(2);
        assertThat(nft.comments()).containsExactly(FullnatNft.comment(WEB));
    }

    @Test
    void aRefusedTransactionIsReportedAndTheNextRunReadsAfresh() {
        nft.refuse = "Could not process rule: No such file or directory";
        var r = reconciler.reconcile(List.of(WEB));
        assertThat(r.converged()).isFalse();
        assertThat(r.failure()).hasMessageContaining("No such file or directory");
        assertThat(nft.rules).isEmpty();
        var again = reconciler.reconcile(List.of(WEB));
        assertThat(again.converged()).isTrue();
        assertThat(nft.comments()).containsExactly(FullnatNft.comment(WEB));
    }

    @Test
    void withoutIpvsTheConntrackSysctlFailsTheRunAndNothingIsProgrammed() {
        sysctl.values.clear();
        var r = reconciler.reconcile(List.of(WEB));
        assertThat(r.converged()).isFalse();
        assertThat(r.failure()).hasMessageContaining("net.ipv4.vs.conntrack");
        assertThat(nft.commands).isEmpty();
    }

    @Test
    void withNothingWantedAFailingListingIsNothingInstalledQuietly() {
        NftCommands failing = json -> {
            throw new NftablesException("nftables refused the command: Operation not supported");
        };
        var quiet = new FullnatReconciler(failing, sysctl);
        var r = quiet.reconcile(List.of());
        assertThat(r.converged()).isTrue();
        assertThat(r.plan().isEmpty()).isTrue();
        assertThat(quiet.reconcile(List.of()).converged()).isTrue();
        assertThat(quiet.reconcile(List.of(WEB)).failure()).hasMessageContaining("Operation not supported");
    }
}
