package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Docs.vrrpGroup;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.runtime.GroupChanges.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GroupChanges#diff}: what a reload does to each group of a director, from the documents alone. */
class GroupChangesTest {
    static final List<String> VIP = List.of("10.1.1.166");

    static List<VrrpGroup> groups(String... groups) {
        ConfigDocument doc = DocumentCodec.decodeDocument(DocumentCodec.parse(Docs.doc(3, groups)), false);
        return doc.vrrpGroups();
    }

    static String vi(int vrid, String extra, Docs.Member... members) {
        return vrrpGroup(
                "VI_" + vrid,
                vrid,
                3,
                0.1,
                VIP.stream()
                        .map(v -> v.replace("166", String.valueOf(100 + vrid)))
                        .toList(),
                extra,
                members);
    }

    static List<Kind> kinds(List<GroupChanges.Change> changes) {
        return changes.stream().map(GroupChanges.Change::kind).toList();
    }

    @Test
    void theSameGroupsAreUnchanged() {
        List<VrrpGroup> a = groups(vi(1, "", member(1, 100)), vi(2, "", member(1, 100)));

        assertThat(kinds(GroupChanges.diff(a, a, "d1"))).containsExactly(Kind.UNCHANGED, Kind.UNCHANGED);
    }

    @Test
    void groupsThatGoOrNoLongerListTheDirectorAreRemovedNewOnesAdded() {
        List<VrrpGroup> before = groups(vi(1, "", member(1, 100)), vi(2, "", member(1, 100), member(2, 50)));
        List<VrrpGroup> after = groups(vi(2, "", member(2, 50)), vi(3, "", member(1, 100)));

        List<GroupChanges.Change> c = GroupChanges.diff(before, after, "d1");

        assertThat(c).extracting(GroupChanges.Change::group).containsExactly("VI_1", "VI_2", "VI_3");
        assertThat(kinds(c)).containsExactly(Kind.REMOVED, Kind.REMOVED, Kind.ADDED);
    }

    @Test
    void settingsThatKeepTheIdentityAreChangedInPlace() {
        List<VrrpGroup> before = groups(vi(1, "", member(1, 100)));
        for (String extra : List.of(
                "\"preempt\": false",
                "\"preemptDelaySeconds\": 3",
                "\"trackInterfaces\":[{\"interface\":\"eth1\"}]",
                "\"garp\":{\"masterRepeat\":3}",
                "\"syncGroup\":\"G\"",
                "\"notify\":{\"any\":{\"script\":\"/s/any.sh\",\"arguments\":[\"x\"]}}",
                "\"notify\":{\"any\":{\"script\":\"/s/any.sh\",\"arguments\":[\"x\"]}}")) {
            assertThat(kinds(GroupChanges.diff(before, groups(vi(1, extra, member(1, 100))), "d1")))
                    .as(extra)
                    .containsExactly(Kind.UPDATED);
        }
        assertThat(kinds(GroupChanges.diff(
                        groups(vi(1, "\"syncGroup\":\"G\"", member(1, 100))),
                        groups(vi(
                                1,
                                "\"syncGroup\":\"G\",\"syncGroupNotify\":{\"master\":\"/s/sg.sh\"}",
                                member(1, 100))),
                        "d1")))
                .as("the sync group's hooks alone")
                .containsExactly(Kind.UPDATED);
        assertThat(kinds(GroupChanges.diff(before, groups(vi(1, "", member(1, 200))), "d1")))
                .containsExactly(Kind.UPDATED);
        assertThat(kinds(GroupChanges.diff(
                        before, groups(vrrpGroup("VI_1", 1, 3, 1, List.of("10.1.1.101"), "", member(1, 100))), "d1")))
                .as("interval")
                .containsExactly(Kind.UPDATED);
        assertThat(kinds(GroupChanges.diff(
                        before,
                        groups(vrrpGroup("VI_1", 1, 3, 0.1, List.of("10.1.1.101", "10.1.1.200"), "", member(1, 100))),
                        "d1")))
                .as("a second address")
                .containsExactly(Kind.UPDATED);
    }

    @Test
    void anotherMembersPriorityDescriptionAndLabelsChangeNothingHere() {
        List<VrrpGroup> before = groups(vi(1, "", member(1, 100), member(2, 50)));
        List<VrrpGroup> after =
                groups(vi(1, "\"description\":\"edge\",\"labels\":{\"site\":\"a\"}", member(1, 100), member(2, 150)));

        assertThat(kinds(GroupChanges.diff(before, after, "d1"))).containsExactly(Kind.UNCHANGED);
        assertThat(kinds(GroupChanges.diff(before, after, "d2"))).containsExactly(Kind.UPDATED);
    }

    @Test
    void anIdentityChangeIsARestart() {
        List<VrrpGroup> before = groups(vi(1, "", member(1, 100)));

        GroupChanges.Change vrid = GroupChanges.diff(
                        before, groups(vrrpGroup("VI_1", 9, 3, 0.1, List.of("10.1.1.101"), "", member(1, 100))), "d1")
                .get(0);
        assertThat(vrid.kind()).isEqualTo(Kind.RESTART);
        assertThat(vrid.reason()).isEqualTo("vrid 1 -> 9");
        assertThat(kinds(GroupChanges.diff(before, groups(vi(1, "\"vmac\": true", member(1, 100))), "d1")))
                .containsExactly(Kind.RESTART);
        assertThat(kinds(GroupChanges.diff(
                        before, groups(vrrpGroup("VI_1", 1, 2, 1, List.of("10.1.1.101"), "", member(1, 100))), "d1")))
                .as("version")
                .containsExactly(Kind.RESTART);
        assertThat(GroupChanges.diff(
                                before,
                                groups(vrrpGroup("VI_1", 1, 3, 0.1, List.of("fd00:1::166"), "", member(1, 100))),
                                "d1")
                        .get(0)
                        .reason())
                .contains("address family");
        assertThat(kinds(GroupChanges.diff(
                        before, groups(vi(1, "", member(1, 100)).replace("\"eth0\"", "\"eth1\"")), "d1")))
                .as("interface")
                .containsExactly(Kind.RESTART);
    }
}
