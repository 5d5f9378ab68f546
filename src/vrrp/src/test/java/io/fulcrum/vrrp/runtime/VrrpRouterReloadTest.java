package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Docs.vrrpGroup;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.packet.Vrrp;
import io.fulcrum.vrrp.runtime.GroupChanges.Kind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * {@link VrrpRouter#reconfigure}: a reload carried out on the router thread (here: the test's, turning
 * the loop with {@code step(false)}), with a fake host and a manual clock. Nothing sleeps.
 */
class VrrpRouterReloadTest extends RouterTestBase {

    static String vi(String name, int vrid, List<String> vips, String extra, int priority) {
        return vrrpGroup(name, vrid, 2, 1, vips, extra, member(1, priority));
    }

    static ConfigDocument doc(String... groups) {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(Docs.doc(2, groups)), false);
    }

    VrrpRouter router(ConfigDocument doc) {
        VrrpRouter r = VrrpRouter.create(
                doc,
                "d1",
                host,
                (group, from, to, reason) -> transitions.add(group + " " + from + " -> " + to),
                () -> now);
        r.start();
        return r;
    }

    /** Hands {@code doc} to the router and turns the loop once: the reload is done then. */
    List<GroupChanges.Change> reload(VrrpRouter r, ConfigDocument doc) throws Exception {
        CompletableFuture<List<GroupChanges.Change>> f = r.reconfigure(doc);
        assertThat(f).isNotDone(); // carried out on the router thread, not the caller's
        at(r, now + 1);
        return f.get();
    }

    @Test
    void aMasterGivenASecondAddressAddsAndAnnouncesItOnlyAndStaysMaster() throws Exception {
        VrrpRouter r = router(doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100)));
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        host.calls.clear();
        transitions.clear();

        List<GroupChanges.Change> c = reload(r, doc(vi("VI_1", 51, List.of("10.1.1.166", "10.1.1.167"), "", 100)));

        assertThat(c).extracting(GroupChanges.Change::kind).containsExactly(Kind.UPDATED);
        assertThat(host.calls).containsExactly("add eth0 10.1.1.167/32", "announce eth0 [10.1.1.167] x5");
        assertThat(transitions).isEmpty();
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(logs).anyMatch(l -> l.equals("VI_1: updated in place"));

        host.calls.clear();
        reload(r, doc(vi("VI_1", 51, List.of("10.1.1.167"), "", 100)));
        assertThat(host.calls).containsExactly("remove eth0 10.1.1.166/32");
    }

    @Test
    void aRemovedGroupStopsGracefullyAndTheOtherRunsOnUntouched() throws Exception {
        VrrpRouter r = router(
                doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100), vi("VI_2", 52, List.of("10.1.1.170"), "", 100)));
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER).containsEntry("VI_2", State.MASTER);
        int sent = host.channel().sent.size();
        host.calls.clear();
        transitions.clear();

        List<GroupChanges.Change> c = reload(r, doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100)));

        assertThat(c).extracting(GroupChanges.Change::kind).containsExactly(Kind.UNCHANGED, Kind.REMOVED);
        assertThat(host.channel().priorities().subList(sent, host.channel().sent.size()))
                .containsExactly(Vrrp.PRIORITY_STOP);
        assertThat(host.calls).containsExactly("remove eth0 10.1.1.170/32");
        assertThat(transitions).containsExactly("VI_2 MASTER -> INITIALIZE");
        assertThat(r.states()).containsOnlyKeys("VI_1").containsEntry("VI_1", State.MASTER);
        assertThat(host.channel().closed).isFalse(); // VI_1 still sends on it

        at(r, MDI_100 + S);
        assertThat(host.channel().priorities()).last().isEqualTo(100); // VI_1's adverts go on
    }

    @Test
    void aRemovedGroupWithConnectionSyncLeavesTheSyncDaemonToTheGroupStillUsingIt() throws Exception {
        String sync = "\"connectionSync\":{\"interface\":\"eth0\",\"syncId\":1}";
        VrrpRouter r = router(doc(
                vi("VI_1", 51, List.of("10.1.1.166"), sync, 100), vi("VI_2", 52, List.of("10.1.1.170"), sync, 100)));
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER).containsEntry("VI_2", State.MASTER);
        assertThat(host.calls.stream().filter(c -> c.startsWith("sync daemon")))
                .as("one daemon for both groups")
                .containsExactly("sync daemon BACKUP", "sync daemon MASTER");
        host.calls.clear();

        reload(r, doc(vi("VI_1", 51, List.of("10.1.1.166"), sync, 100)));

        assertThat(host.calls)
                .as("VI_2's stop does not stop the daemon VI_1 runs as master")
                .noneMatch(c -> c.startsWith("sync daemon"));
        host.calls.clear();
        r.stop();
        at(r, now + 1);
        assertThat(host.calls).contains("sync daemon null");
    }

    @Test
    void anAddedGroupStartsAndAVridChangeRestarts() throws Exception {
        VrrpRouter r = router(doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100)));
        at(r, MDI_100);
        transitions.clear();

        List<GroupChanges.Change> c = reload(
                r, doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100), vi("VI_2", 52, List.of("10.1.1.170"), "", 100)));

        assertThat(c).extracting(GroupChanges.Change::kind).containsExactly(Kind.UNCHANGED, Kind.ADDED);
        assertThat(transitions).containsExactly("VI_2 INITIALIZE -> BACKUP");
        at(r, now + MDI_100);
        assertThat(r.states()).containsEntry("VI_2", State.MASTER);
        transitions.clear();

        c = reload(
                r, doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100), vi("VI_2", 53, List.of("10.1.1.170"), "", 100)));

        assertThat(c).extracting(GroupChanges.Change::kind).containsExactly(Kind.UNCHANGED, Kind.RESTART);
        assertThat(transitions).containsExactly("VI_2 MASTER -> INITIALIZE", "VI_2 INITIALIZE -> BACKUP");
        assertThat(r.states()).containsEntry("VI_1", State.MASTER).containsEntry("VI_2", State.BACKUP);
    }

    @Test
    void aRestartWithAVirtualMacReplacesTheLinkAndTheChannelOnIt() throws Exception {
        VrrpRouter r = router(doc(vi("VI_1", 51, List.of("10.1.1.166"), "\"vmac\": true", 100)));
        VrrpRouterTest.FakeChannel before = host.channels.get("vrrp.51/v4");
        host.calls.clear();

        List<GroupChanges.Change> c = reload(r, doc(vi("VI_1", 52, List.of("10.1.1.166"), "\"vmac\": true", 100)));

        assertThat(c).extracting(GroupChanges.Change::kind).containsExactly(Kind.RESTART);
        assertThat(before.closed).isTrue();
        assertThat(host.calls).containsExactly("remove vmac vrrp.51", "create vmac vrrp.52 on eth0 00:00:5e:00:01:34");
        assertThat(host.channels.get("vrrp.52/v4").closed).isFalse();
    }

    @Test
    void aRemovedGroupRunsItsStopHookAndANewHookIsUsedFromTheReloadOn() throws Exception {
        VrrpRouterTrackingTest.FakeScripts scripts = new VrrpRouterTrackingTest.FakeScripts();
        String stop = "\"notify\":{\"stop\":\"/s/stop\"}";
        VrrpRouter r = VrrpRouter.create(
                doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100), vi("VI_2", 52, List.of("10.1.1.170"), stop, 100)),
                "d1",
                host,
                (group, from, to, reason) -> {},
                scripts,
                () -> now);
        r.start();
        at(r, MDI_100);

        reload(r, doc(vi("VI_1", 51, List.of("10.1.1.166"), "\"notify\":{\"backup\":\"/s/backup\"}", 100)));

        assertThat(scripts.hooks).containsExactly("/s/stop INSTANCE VI_2 STOP 100");
        host.channel()
                .deliver(VrrpRouterTest.advert(150)); // a better master: VI_1 goes back to BACKUP, the new hook runs
        at(r, now + 1);
        assertThat(r.states()).containsEntry("VI_1", State.BACKUP);
        assertThat(scripts.hooks)
                .containsExactly("/s/stop INSTANCE VI_2 STOP 100", "/s/backup INSTANCE VI_1 BACKUP 100");
    }

    @Test
    void aGroupThatCannotRunHereRefusesTheWholeReloadAndChangesNothing() throws Exception {
        VrrpRouter r = router(doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100)));
        at(r, MDI_100);
        host.calls.clear();

        CompletableFuture<List<GroupChanges.Change>> f = r.reconfigure(doc(
                vi("VI_1", 51, List.of("10.1.1.166"), "", 100),
                vi("VI_2", 52, List.of("10.1.1.170"), "\"notify\":{\"master\":\"/bin/true\"}", 100)));
        at(r, now + 1);

        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ValidationException.class);
        }
        assertThat(r.states()).containsOnlyKeys("VI_1");
        assertThat(host.calls).isEmpty();
    }

    // ---- a group whose virtual MAC link or channel cannot be set up is held in FAULT, alone ----

    @Test
    void aGroupWhoseVirtualMacCannotBeCreatedIsHeldInFaultTheOthersRunAndAReloadThatFixesItStartsIt() throws Exception {
        host.vmacFailures.put(
                "vrrp.51",
                new IllegalStateException("cannot create the virtual MAC link vrrp.51: a link of that name exists"));
        ConfigDocument both = doc(
                vi("VI_1", 51, List.of("10.1.1.166"), "\"vmac\": true", 100),
                vi("VI_2", 52, List.of("10.1.1.170"), "", 100));
        VrrpRouter r = router(both);
        at(r, MDI_100);
        at(r, MDI_100 + 5 * S);

        assertThat(r.states()).containsEntry("VI_1", State.FAULT).containsEntry("VI_2", State.MASTER);
        assertThat(transitions)
                .containsExactly("VI_1 INITIALIZE -> FAULT", "VI_2 INITIALIZE -> BACKUP", "VI_2 BACKUP -> MASTER");
        assertThat(logs)
                .filteredOn(l -> l.contains("failed"))
                .singleElement()
                .asString()
                .startsWith(
                        "VI_1: creating the virtual MAC link failed: cannot create the virtual MAC link vrrp.51: a link of that name exists")
                .contains("held in FAULT");
        assertThat(host.channels).containsOnlyKeys("eth0/v4");
        assertThat(host.calls).noneMatch(c -> c.contains("vrrp.51"));

        // still not possible: the reload says so for the group, and the other one runs on untouched
        List<GroupChanges.Change> c = reload(r, both);
        assertThat(c).extracting(GroupChanges.Change::kind).containsExactly(Kind.RESTART, Kind.UNCHANGED);
        assertThat(c.get(0).reason())
                .contains("set up again: virtual MAC link vrrp.51 (not created)")
                .endsWith("held in FAULT: virtual MAC link vrrp.51 (not created)");
        assertThat(r.states()).containsEntry("VI_1", State.FAULT).containsEntry("VI_2", State.MASTER);

        host.vmacFailures.clear();
        transitions.clear();
        c = reload(r, both);

        // the running groups in their order: VI_1 was started again after VI_2
        assertThat(c).extracting(GroupChanges.Change::group).containsExactly("VI_2", "VI_1");
        assertThat(c).extracting(GroupChanges.Change::kind).containsExactly(Kind.UNCHANGED, Kind.RESTART);
        assertThat(c.get(1).reason()).doesNotContain("held in FAULT");
        assertThat(transitions).containsExactly("VI_1 FAULT -> INITIALIZE", "VI_1 INITIALIZE -> BACKUP");
        at(r, now + MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER).containsEntry("VI_2", State.MASTER);
        assertThat(host.calls).contains("create vmac vrrp.51 on eth0 00:00:5e:00:01:33", "add vrrp.51 10.1.1.166/32");
        assertThat(host.channels.get("vrrp.51/v4").priorities()).containsExactly(100);
    }

    @Test
    void aChannelThatCannotBeOpenedInAReloadHoldsItsGroupInFaultAndTheReloadGoesOnWithTheOthers() throws Exception {
        VrrpRouter r = router(doc(
                vi("VI_1", 51, List.of("10.1.1.166"), "", 100),
                vi("VI_3", 53, List.of("10.1.1.173"), "\"vmac\": true", 100)));
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER).containsEntry("VI_3", State.MASTER);
        host.openFailures.put("vrrp.52", new IllegalStateException("No such device"));
        transitions.clear();

        List<GroupChanges.Change> c = reload(
                r,
                doc(
                        vi("VI_1", 51, List.of("10.1.1.166"), "", 100),
                        vi("VI_2", 52, List.of("10.1.1.172"), "\"vmac\": true", 100),
                        vi("VI_4", 54, List.of("10.1.1.174"), "", 100)));

        assertThat(c)
                .extracting(GroupChanges.Change::kind)
                .containsExactly(Kind.UNCHANGED, Kind.REMOVED, Kind.ADDED, Kind.ADDED);
        assertThat(c.get(2).reason()).endsWith("held in FAULT: advert channel on vrrp.52 (not opened)");
        assertThat(c.get(3).reason()).isEqualTo("new");
        assertThat(transitions)
                .containsExactly("VI_3 MASTER -> INITIALIZE", "VI_2 INITIALIZE -> FAULT", "VI_4 INITIALIZE -> BACKUP");
        assertThat(r.states())
                .containsOnlyKeys("VI_1", "VI_2", "VI_4")
                .containsEntry("VI_1", State.MASTER)
                .containsEntry("VI_2", State.FAULT);
        assertThat(host.channels.get("vrrp.53/v4").closed)
                .as("the removed group's channel")
                .isTrue();
        assertThat(logs)
                .contains("VI_2: started; held in FAULT: advert channel on vrrp.52 (not opened)")
                .anyMatch(l -> l.startsWith("VI_2: opening the advert channel on vrrp.52 failed: No such device"));
        at(r, now + MDI_100);
        assertThat(r.states()).containsEntry("VI_4", State.MASTER).containsEntry("VI_2", State.FAULT);
    }

    @Test
    void aReloadAfterTheStopIsRefused() throws Exception {
        VrrpRouter r = router(doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100)));
        r.requestStop();

        assertThat(r.reconfigure(doc(vi("VI_1", 51, List.of("10.1.1.166"), "", 100))))
                .isCompletedExceptionally();
    }
}
