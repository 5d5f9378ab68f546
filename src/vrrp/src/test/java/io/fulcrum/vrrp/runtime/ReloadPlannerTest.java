package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Docs.vrrpGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.runtime.GroupChanges.Kind;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReloadPlanner}: what a start or a reload does to each group, from the running groups, the new
 * document and a snapshot of the host. Pure: no host, no clock, no thread.
 */
class ReloadPlannerTest {
    static final InetAddress SOURCE = ip("10.1.1.11");
    static final InetAddress OTHER = ip("10.1.1.12");

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String vi(String name, int vrid, String vip, String extra) {
        return vrrpGroup(name, vrid, 3, 1, List.of(vip), extra, member(1, 100));
    }

    static ConfigDocument doc(String... groups) {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(Docs.doc(1, groups)), false);
    }

    /** Every group of {@code doc} sends from {@code source}. */
    static HostSnapshot host(ConfigDocument doc, InetAddress source) {
        Map<String, HostSnapshot.Source> s = new LinkedHashMap<>();
        for (VrrpGroup g : doc.vrrpGroups()) s.put(g.name(), new HostSnapshot.Source(source, null));
        return new HostSnapshot(s);
    }

    /** The groups of {@code doc} as they run after {@code plan} (none held in FAULT). */
    static List<ReloadPlanner.Running> running(ReloadPlan plan) {
        return plan.steps().stream()
                .map(ReloadPlan.Step::instance)
                .map(i -> new ReloadPlanner.Running(
                        i.group(), i.config(), i.channelKey(), i.advertIface(), i.vmac(), null))
                .toList();
    }

    static List<Kind> kinds(ReloadPlan plan) {
        return plan.steps().stream().map(ReloadPlan.Step::kind).toList();
    }

    @Test
    void aStartIsAReloadFromNothingEveryGroupStartsWithItsSourceItsVirtualMacLinkAndItsChannel() {
        ConfigDocument d = doc(
                vi("VI_1", 51, "10.1.1.166", ""),
                vi("VI_2", 52, "10.1.1.167", "\"vmac\": true"),
                vi("VI_3", 52, "10.1.1.168", "\"vmac\": true, \"interface\": \"eth1\""));

        ReloadPlan plan = ReloadPlanner.plan(List.of(), d, "d1", host(d, SOURCE));

        assertThat(kinds(plan)).containsExactly(Kind.ADDED, Kind.ADDED, Kind.ADDED);
        assertThat(plan.steps())
                .extracting(s -> s.instance().config().primaryAddress())
                .containsOnly(SOURCE);
        assertThat(plan.steps()).extracting(s -> s.instance().vmac()).containsExactly(null, "vrrp.52", "vrrp1.52");
        assertThat(plan.steps())
                .extracting(s -> s.instance().channelKey())
                .containsExactly("eth0/v4", "vrrp.52/v4", "vrrp1.52/v4");
    }

    @Test
    void aNewAddressIsAnUpdateInPlaceThatKeepsTheVirtualMacLinkAndTheChannel() {
        ConfigDocument before = doc(vi("VI_1", 51, "10.1.1.166", "\"vmac\": true"), vi("VI_2", 52, "10.1.1.170", ""));
        List<ReloadPlanner.Running> running =
                running(ReloadPlanner.plan(List.of(), before, "d1", host(before, SOURCE)));
        ConfigDocument after = doc(vi("VI_1", 51, "10.1.1.167", "\"vmac\": true"), vi("VI_2", 52, "10.1.1.170", ""));

        ReloadPlan plan = ReloadPlanner.plan(running, after, "d1", host(after, SOURCE));

        assertThat(kinds(plan)).containsExactly(Kind.UPDATED, Kind.UNCHANGED);
        assertThat(plan.steps().get(0).instance().vmac()).isEqualTo("vrrp.51");
        assertThat(plan.steps().get(0).instance().channelKey()).isEqualTo("vrrp.51/v4");
        assertThat(plan.steps().get(1).instance())
                .as("an unchanged group needs nothing built")
                .isNull();
    }

    @Test
    void aGroupHeldInFaultByItsSetupIsRestartedToBeSetUpAfresh() {
        ConfigDocument d = doc(vi("VI_1", 51, "10.1.1.166", "\"vmac\": true"));
        ReloadPlanner.Running r =
                running(ReloadPlanner.plan(List.of(), d, "d1", host(d, SOURCE))).get(0);
        ReloadPlanner.Running held = new ReloadPlanner.Running(
                r.group(),
                r.config(),
                r.channelKey(),
                r.advertIface(),
                r.vmac(),
                "virtual MAC link vrrp.51 (not created)");

        ReloadPlan plan = ReloadPlanner.plan(List.of(held), d, "d1", host(d, SOURCE));

        assertThat(kinds(plan)).containsExactly(Kind.RESTART);
        assertThat(plan.steps().get(0).change().reason())
                .isEqualTo("set up again: virtual MAC link vrrp.51 (not created)");
        assertThat(plan.steps().get(0).instance().vmac())
                .as("its own name: the old link goes first")
                .isEqualTo("vrrp.51");
    }

    @Test
    void anInPlaceChangeOnAnotherSourceAddressIsARestartAnUnchangedGroupKeepsItsSource() {
        ConfigDocument before =
                doc(vi("VI_1", 51, "10.1.1.166", ""), vi("VI_2", 52, "10.1.1.170", "\"interface\": \"eth1\""));
        List<ReloadPlanner.Running> running =
                running(ReloadPlanner.plan(List.of(), before, "d1", host(before, SOURCE)));
        ConfigDocument after =
                doc(vi("VI_1", 51, "10.1.1.167", ""), vi("VI_2", 52, "10.1.1.170", "\"interface\": \"eth1\""));

        ReloadPlan plan = ReloadPlanner.plan(running, after, "d1", host(after, OTHER));

        assertThat(kinds(plan)).containsExactly(Kind.RESTART, Kind.UNCHANGED);
        assertThat(plan.steps().get(0).change().reason()).isEqualTo("source address 10.1.1.11 -> 10.1.1.12");
        assertThat(plan.steps().get(0).instance().config().primaryAddress()).isEqualTo(OTHER);
    }

    @Test
    void anIdentityChangeRestartsAndARemovedGroupStops() {
        ConfigDocument before = doc(vi("VI_1", 51, "10.1.1.166", ""), vi("VI_2", 52, "10.1.1.170", ""));
        List<ReloadPlanner.Running> running =
                running(ReloadPlanner.plan(List.of(), before, "d1", host(before, SOURCE)));
        ConfigDocument after = doc(vi("VI_1", 53, "10.1.1.166", ""), vi("VI_4", 54, "10.1.1.174", ""));

        ReloadPlan plan = ReloadPlanner.plan(running, after, "d1", host(after, SOURCE));

        assertThat(plan.steps()).extracting(ReloadPlan.Step::group).containsExactly("VI_1", "VI_2", "VI_4");
        assertThat(kinds(plan)).containsExactly(Kind.RESTART, Kind.REMOVED, Kind.ADDED);
        assertThat(plan.steps().get(0).change().reason()).isEqualTo("vrid 51 -> 53");
        assertThat(plan.steps().get(1).instance()).isNull();
    }

    @Test
    void aGroupThatCannotRunHereRefusesThePlanNamingItsField() {
        ConfigDocument d =
                doc(vi("VI_1", 51, "10.1.1.166", ""), vi("VI_2", 52, "10.1.1.170", "\"interface\": \"eth9\""));
        HostSnapshot noAddress = new HostSnapshot(
                Map.of("VI_1", new HostSnapshot.Source(SOURCE, null), "VI_2", new HostSnapshot.Source(null, null)));
        HostSnapshot unreadable = new HostSnapshot(Map.of(
                "VI_1",
                new HostSnapshot.Source(SOURCE, null),
                "VI_2",
                new HostSnapshot.Source(null, "No such device")));

        assertThatThrownBy(() -> ReloadPlanner.plan(List.of(), d, "d1", noAddress))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors())
                        .singleElement()
                        .satisfies(f -> {
                            assertThat(f.field()).isEqualTo("/vrrpGroups/1/interface");
                            assertThat(f.message())
                                    .isEqualTo("group 'VI_2': interface eth9 has no IPv4 address to send adverts from");
                        }));
        assertThatThrownBy(() -> ReloadPlanner.plan(List.of(), d, "d1", unreadable))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(
                                ((ValidationException) e).errors().get(0).message())
                        .isEqualTo("group 'VI_2': interface eth9: No such device"));
    }

    @Test
    void twoGroupsOnOneChannelMustSendFromOneAddress() {
        ConfigDocument d = doc(vi("VI_1", 51, "10.1.1.166", ""), vi("VI_2", 52, "10.1.1.170", ""));
        HostSnapshot two = new HostSnapshot(
                Map.of("VI_1", new HostSnapshot.Source(SOURCE, null), "VI_2", new HostSnapshot.Source(OTHER, null)));

        assertThatThrownBy(() -> ReloadPlanner.plan(List.of(), d, "d1", two))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors())
                        .singleElement()
                        .satisfies(f -> {
                            assertThat(f.field()).isEqualTo("/vrrpGroups/1/members");
                            assertThat(f.message())
                                    .isEqualTo(
                                            "group 'VI_2' sends from 10.1.1.12 but another group on eth0 from 10.1.1.11; one source per interface");
                        }));
    }

    @Test
    void anUnchangedGroupNeedsNothingFromTheHost() {
        ConfigDocument d = doc(vi("VI_1", 51, "10.1.1.166", ""));
        List<ReloadPlanner.Running> running = running(ReloadPlanner.plan(List.of(), d, "d1", host(d, SOURCE)));

        ReloadPlan plan = ReloadPlanner.plan(running, d, "d1", new HostSnapshot(Map.of()));

        assertThat(kinds(plan)).containsExactly(Kind.UNCHANGED);
    }
}
