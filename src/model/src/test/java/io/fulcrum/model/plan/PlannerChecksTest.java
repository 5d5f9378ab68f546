package io.fulcrum.model.plan;

import static io.fulcrum.model.plan.PlanFixtures.exported;
import static io.fulcrum.model.plan.PlanFixtures.fleet;
import static io.fulcrum.model.plan.PlanFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.Fixtures;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet-wide checks: every refusal at once, each pointing into the document; stored resources that stay count. */
class PlannerChecksTest {

    private static ObjectNode group(String name, int vrid, String address, String... members) {
        ObjectNode g = Fixtures.object("""
                {"name": "%s", "vrid": %d, "interface": "eth0", "virtualAddresses": [{"address": "%s/24"}], "members": []}""".formatted(name, vrid, address));
        int prio = 150;
        for (String m : members)
            g.withArray("members").addObject().put("director", m).put("priority", prio--);
        return g;
    }

    private static ObjectNode virtualServer(String name, String address, int port) {
        return Fixtures.object("""
                {"name": "%s", "address": "%s", "port": %d, "directors": ["lb3"]}""".formatted(name, address, port));
    }

    @Test
    void aVridUsedTwiceOnOneDirectorsInterfaceIsRefused() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/-", group("g2", 51, "192.0.2.20", "lb2", "lb3"));

        assertThat(plan(fleet(), desired).errors())
                .containsExactly(new FieldError(
                        "/vrrpGroups/1/vrid",
                        "VRID 51 is already used on interface eth0 of director 'lb2' by group 'g1'"));
    }

    @Test
    void aVridOfAStoredGroupThatStaysIsTaken() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/0", group("g2", 51, "192.0.2.20", "lb1"));

        Plan plan = plan(fleet(), desired);

        assertThat(plan.errors())
                .containsExactly(new FieldError(
                        "/vrrpGroups/0/vrid",
                        "VRID 51 is already used on interface eth0 of director 'lb1' by group 'g1'"));
    }

    @Test
    void aVipUsedTwiceIsRefusedAtTheSecond() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(
                desired,
                "/virtualServers/-",
                virtualServer("web2", "192.0.2.53", 53).put("protocol", "udp"));

        assertThat(plan(fleet(), desired).errors())
                .containsExactly(new FieldError("/virtualServers/2/address", "the same service as /virtualServers/1"));
    }

    @Test
    void aVipOfAStoredVirtualServerThatStaysIsTaken() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(
                desired,
                "/virtualServers/1",
                virtualServer("dns2", "192.0.2.53", 53).put("protocol", "udp"));

        assertThat(plan(fleet(), desired).errors())
                .containsExactly(new FieldError(
                        "/virtualServers/1/address",
                        "the same service as virtual server 'dns' (stored, not in this document)"));
    }

    @Test
    void aGroupTrackingAVirtualServerNotServedByAllItsMembersIsRefused() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/0/trackVirtualServers", Fixtures.json("[{\"virtualServer\": \"dns\"}]"));

        assertThat(plan(fleet(), desired).errors())
                .extracting(FieldError::field)
                .containsExactly("/vrrpGroups/0/trackVirtualServers/0/virtualServer");
    }

    @Test
    void changingTheDirectorsOfAVirtualServerThatAStayingGroupTracksIsRefused() {
        ObjectNode stored = Fixtures.set(
                fleet(), "/vrrpGroups/0/trackVirtualServers", Fixtures.json("[{\"virtualServer\": \"web\"}]"));
        ObjectNode desired = Fixtures.remove(exported(stored), "/vrrpGroups/0");
        Fixtures.remove(desired, "/virtualServers/0/vrrpGroup");
        Fixtures.remove(desired, "/virtualServers/0/address");
        Fixtures.set(desired, "/virtualServers/0/address", "192.0.2.10");
        Fixtures.set(desired, "/virtualServers/0/directors", List.of("lb1"));

        assertThat(plan(stored, desired).errors()).extracting(FieldError::field).containsExactly("/virtualServers/0");
    }

    @Test
    void duplicateNamesInTheDocumentAreRefused() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(
                desired, "/directors/-", Fixtures.object("{\"name\": \"lb1\", \"managementAddress\": \"10.0.0.9\"}"));
        Fixtures.set(desired, "/virtualServers/-", virtualServer("web", "192.0.2.99", 80));

        assertThat(plan(fleet(), desired).errors())
                .containsExactly(
                        new FieldError("/directors/3/name", "'lb1' is used twice"),
                        new FieldError("/virtualServers/2/name", "'web' is used twice"));
    }

    @Test
    void duplicateRealServerNamesAreRefusedWhenTheDocumentIsRead() {
        ObjectNode desired = Fixtures.set(exported(fleet()), "/virtualServers/0/realServers/1/name", "rs1");

        List<FieldError> errors = Fixtures.errorsOf(() -> DocumentCodec.decodeDesiredDocument(desired));

        assertThat(errors).extracting(FieldError::field).containsExactly("/virtualServers/0/realServers/1/name");
    }

    @Test
    void aDesiredDocumentIsReadWithoutTheChecksAcrossResourcesWhichArePlanned() {
        ObjectNode desired = Fixtures.set(exported(fleet()), "/virtualServers/0/vrrpGroup", "stored-elsewhere");

        assertThat(DocumentCodec.decodeDesiredDocument(desired)
                        .virtualServers()
                        .get(0)
                        .vrrpGroup())
                .isEqualTo("stored-elsewhere");
        assertThat(Fixtures.fieldsOf(() -> DocumentCodec.decodeDocument(desired, false)))
                .containsExactly("/virtualServers/0/vrrpGroup");
    }

    @Test
    void referencesToMissingResourcesAreRefusedEachAtItsField() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/0/members/1/director", "lb9");
        Fixtures.set(desired, "/virtualServers/0/vrrpGroup", "nope");
        Fixtures.set(desired, "/virtualServers/1/directors", List.of("lb8"));

        assertThat(plan(fleet(), desired, PlanOptions.DEFAULT.withPrune(true)).errors())
                .containsExactly(
                        new FieldError("/vrrpGroups/0/members/1/director", "no director named 'lb9'"),
                        new FieldError("/virtualServers/0/vrrpGroup", "no VRRP group named 'nope'"),
                        new FieldError("/virtualServers/1/directors/0", "no director named 'lb8'"));
    }

    @Test
    void storedResourcesThatStayWithoutPruneCountForReferences() {
        ObjectNode onlyWeb = exported(fleet());
        Fixtures.remove(onlyWeb, "/virtualServers/1");
        onlyWeb.withArray("directors").removeAll();
        onlyWeb.withArray("vrrpGroups").removeAll();

        Plan kept = plan(fleet(), onlyWeb);
        Plan pruned = plan(fleet(), onlyWeb, PlanOptions.DEFAULT.withPrune(true));

        assertThat(kept.errors()).isEmpty();
        assertThat(pruned.errors())
                .containsExactly(new FieldError("/virtualServers/0/vrrpGroup", "no VRRP group named 'g1'"));
    }

    @Test
    void pruningWhatAStoredResourceOutsideTheScopeNeedsIsRefused() {
        ObjectNode stored = Fixtures.set(fleet(), "/vrrpGroups/0/labels", Fixtures.object("{\"team\": \"web\"}"));
        Fixtures.set(stored, "/directors/2/labels", Fixtures.object("{\"team\": \"web\"}"));
        ObjectNode desired = PlanFixtures.empty();

        Plan plan =
                plan(stored, desired, new PlanOptions(true, LabelSelector.parse("scope", List.of("team=web")), false));

        assertThat(plan.errors())
                .containsExactly(
                        new FieldError(
                                "/vrrpGroups",
                                "VRRP group 'g1' is deleted, but virtual server 'web' (stored, not in this document) uses it"),
                        new FieldError(
                                "/directors",
                                "director 'lb3' is deleted, but virtual server 'dns' (stored, not in this document) names it"));
    }

    @Test
    void aGroupDroppingTheAddressOfAStayingVirtualServerIsRefused() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/0/virtualAddresses/0/address", "192.0.2.11/24");
        Fixtures.remove(desired, "/virtualServers/0");

        assertThat(plan(fleet(), desired).errors())
                .containsExactly(new FieldError(
                        "/vrrpGroups/0/virtualAddresses",
                        "virtual server 'web' (stored, not in this document) uses address 192.0.2.10 of this group"));
    }

    @Test
    void aRealServerTakingTheEndpointOfAStayingOneIsRefused() {
        ObjectNode desired = Fixtures.set(exported(fleet()), "/virtualServers/0/realServers/1/name", "rs3");

        Plan kept = plan(fleet(), desired);
        Plan pruned = plan(fleet(), desired, PlanOptions.DEFAULT.withPrune(true));

        assertThat(kept.errors())
                .containsExactly(new FieldError(
                        "/virtualServers/0/realServers/1/address",
                        "same address and port as real server 'rs2' (stored, not in this document)"));
        assertThat(pruned.errors()).isEmpty();
        assertThat(PlanFixtures.summary(pruned))
                .containsExactly("create real-server web/rs3", "delete real-server web/rs2");
    }

    @Test
    void aResourceOutsideTheScopeIsRefusedAndSoIsTakingOverOneStoredOutsideIt() {
        ObjectNode desired = PlanFixtures.empty();
        Fixtures.set(desired, "/virtualServers/-", virtualServer("api", "192.0.2.80", 80));
        Fixtures.set(
                desired,
                "/virtualServers/-",
                virtualServer("web", "192.0.2.81", 80).set("labels", Fixtures.object("{\"team\": \"infra\"}")));

        Plan plan = plan(
                fleet(), desired, PlanOptions.DEFAULT.withScope(LabelSelector.parse("scope", List.of("team=infra"))));

        assertThat(plan.errors())
                .extracting(FieldError::field)
                .containsExactly("/virtualServers/0/labels", "/virtualServers/1/name");
    }

    @Test
    void theScopeLimitsWhatPruneDeletesAndWhatCountsAsKept() {
        ObjectNode desired = PlanFixtures.empty();
        LabelSelector infra = LabelSelector.parse("scope", List.of("team=infra"));

        Plan pruned = plan(fleet(), desired, new PlanOptions(true, infra, false));
        Plan kept = plan(fleet(), desired, new PlanOptions(false, infra, false));

        assertThat(PlanFixtures.summary(pruned))
                .containsExactly("delete real-server dns/a", "delete virtual-server dns");
        assertThat(pruned.errors()).isEmpty();
        assertThat(kept.changes()).isEmpty();
        assertThat(kept.count(PlanChange.Action.KEEP)).isEqualTo(2);
    }

    @Test
    void everyRefusalOfTheDocumentIsReportedAtOnce() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/-", group("g2", 51, "192.0.2.20", "lb1"));
        Fixtures.set(
                desired,
                "/virtualServers/-",
                virtualServer("web", "192.0.2.53", 53).put("protocol", "udp"));
        Fixtures.set(desired, "/virtualServers/1/directors", List.of("lb7"));
        Fixtures.set(desired, "/vrrpGroups/0/trackVirtualServers", Fixtures.json("[{\"virtualServer\": \"nope\"}]"));

        assertThat(plan(fleet(), desired).errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "/vrrpGroups/1/vrid",
                        "/vrrpGroups/0/trackVirtualServers/0/virtualServer",
                        "/virtualServers/2/name",
                        "/virtualServers/2/address",
                        "/virtualServers/1/directors/0");
    }

    @Test
    void aVirtualServerNoDirectorServesIsAWarningNotARefusal() {
        ObjectNode desired = Fixtures.remove(exported(fleet()), "/virtualServers/1/directors");

        Plan plan = plan(fleet(), desired);

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.warnings())
                .containsExactly(new FieldError(
                        "/virtualServers/1",
                        "no director serves virtual server 'dns': give it a vrrpGroup or directors"));
        assertThat(PlanFixtures.summary(plan)).containsExactly("update virtual-server dns");
        assertThat(plan.changes().get(0).directors()).containsExactly("lb3");
    }

    @Test
    void aFullnatVirtualServerOnADirectorWithoutAddressesOfItsFamilyIsAWarning() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/virtualServers/0/forwarding", "fullnat");
        Fixtures.set(desired, "/directors/0/fullnatAddresses", List.of("10.0.1.50", "2001:db8::50"));

        Plan plan = plan(fleet(), desired);

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.warnings())
                .containsExactly(new FieldError(
                        "/virtualServers/0/forwarding",
                        "director 'lb2' has no fullnatAddresses of this family: virtual server 'web' only"
                                + " masquerades there (docs/fullnat.md)"));
    }
}
