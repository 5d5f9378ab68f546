package io.fulcrum.model.codec;

import static io.fulcrum.model.Fixtures.director;
import static io.fulcrum.model.Fixtures.document;
import static io.fulcrum.model.Fixtures.errorsOf;
import static io.fulcrum.model.Fixtures.fieldsOf;
import static io.fulcrum.model.Fixtures.fullFwmarkVirtualServer;
import static io.fulcrum.model.Fixtures.fullInetVirtualServer;
import static io.fulcrum.model.Fixtures.fullVrrpGroup;
import static io.fulcrum.model.Fixtures.ipv6VrrpGroup;
import static io.fulcrum.model.Fixtures.json;
import static io.fulcrum.model.Fixtures.minimalVirtualServer;
import static io.fulcrum.model.Fixtures.minimalVrrpGroup;
import static io.fulcrum.model.Fixtures.remove;
import static io.fulcrum.model.Fixtures.set;
import static io.fulcrum.model.codec.DocumentCodec.decodeDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VrrpGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole configuration documents: references, names and collisions across resources, secrets. */
class ConfigDocumentCodecTest {

    private static ObjectNode add(ObjectNode doc, String array, ObjectNode item) {
        doc.withArray("/" + array).add(item);
        return doc;
    }

    private static ObjectNode group(String name, int vrid, String iface, String vip, String... directors) {
        ObjectNode g = set(set(set(minimalVrrpGroup(), "/name", name), "/vrid", vrid), "/interface", iface);
        set(g, "/virtualAddresses/0/address", vip);
        set(g, "/members", List.of());
        for (int i = 0; i < directors.length; i++)
            set(g, "/members/-", json("{\"director\": \"" + directors[i] + "\", \"priority\": " + (200 - i) + "}"));
        return g;
    }

    @Test
    void decodesAConsistentDocument() {
        ConfigDocument doc = decodeDocument(document(), true);

        assertThat(doc.revision()).isNull();
        assertThat(doc.directors()).extracting(d -> d.name()).containsExactly("lb1", "lb2", "lb3");
        assertThat(doc.vrrpGroups()).extracting(VrrpGroup::name).containsExactly("vg1");
        assertThat(doc.virtualServers())
                .singleElement()
                .satisfies(v -> assertThat(v.vrrpGroup()).isEqualTo("vg1"));
    }

    @Test
    void acceptsAnEmptyDocumentAndOneWithoutLists() {
        assertThat(decodeDocument(json("{\"apiVersion\": \"fulcrum/v1\"}"), true)
                        .directors())
                .isEmpty();
        assertThat(decodeDocument(json("{\"apiVersion\": \"fulcrum/v1\", \"directors\": null}"), true)
                        .directors())
                .isEmpty();
    }

    @Test
    void ignoresTheReadOnlyRevision() {
        assertThat(decodeDocument(set(document(), "/revision", 12), true)).isEqualTo(decodeDocument(document(), true));
    }

    @Test
    void rejectsAWrongOrMissingApiVersion() {
        var errors = errorsOf(() -> decodeDocument(set(document(), "/apiVersion", "fulcrum/v2"), true));

        assertThat(errors).containsExactly(new FieldError("/apiVersion", "must be fulcrum/v1"));
        assertThat(errorsOf(() -> decodeDocument(remove(document(), "/apiVersion"), true)))
                .containsExactly(new FieldError("/apiVersion", "is required"));
    }

    @Test
    void rejectsUnknownTopLevelFields() {
        assertThat(fieldsOf(() -> decodeDocument(set(document(), "/kind", "Config"), true)))
                .containsExactly("/kind");
    }

    @Test
    void reportsErrorsOfEveryResourceWithItsIndex() {
        ObjectNode doc = document();
        set(doc, "/directors/1/managementAddress", "lb2.example.com");
        set(doc, "/vrrpGroups/0/vrid", 256);
        set(doc, "/virtualServers/0/realServers/1/weight", -1);
        add(doc, "virtualServers", set(minimalVirtualServer(), "/name", "vs 2"));

        assertThat(fieldsOf(() -> decodeDocument(doc, true)))
                .containsExactlyInAnyOrder(
                        "/directors/1/managementAddress",
                        "/vrrpGroups/0/vrid",
                        "/virtualServers/0/realServers/1/weight",
                        "/virtualServers/1/name");
    }

    @Test
    void reportsSemanticErrorsOfAResourceAtItsPlaceInTheDocument() {
        ObjectNode doc = document();
        set(doc, "/vrrpGroups/0/advertIntervalSeconds", 1.5);
        set(doc, "/virtualServers/0/realServers/1/name", "rs1");

        assertThat(fieldsOf(() -> decodeDocument(doc, true)))
                .containsExactlyInAnyOrder(
                        "/vrrpGroups/0/advertIntervalSeconds", "/virtualServers/0/realServers/1/name");
    }

    // ------------------------------------------------------------------ names

    @Test
    void rejectsDuplicateNamesOfEachKind() {
        ObjectNode doc = document();
        add(doc, "directors", director("lb2", "10.0.0.9"));
        add(doc, "vrrpGroups", group("vg1", 20, "eth0", "192.168.10.200/24", "lb1", "lb2"));
        add(doc, "virtualServers", set(set(minimalVirtualServer(), "/address", "192.168.10.200"), "/vrrpGroup", "vg1"));

        var errors = errorsOf(() -> decodeDocument(doc, true));

        assertThat(errors)
                .extracting(FieldError::field)
                .contains("/directors/3/name", "/vrrpGroups/1/name", "/virtualServers/1/name");
        assertThat(errors)
                .filteredOn(e -> e.field().equals("/directors/3/name"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("'lb2'").contains("twice"));
    }

    // ------------------------------------------------------------------ references

    @Test
    void rejectsAMemberNamingAnUnknownDirector() {
        ObjectNode doc = set(document(), "/vrrpGroups/0/members/1/director", "lb9");

        assertThat(errorsOf(() -> decodeDocument(doc, true)))
                .containsExactly(new FieldError("/vrrpGroups/0/members/1/director", "no director named 'lb9'"));
    }

    @Test
    void rejectsAVirtualServerNamingAnUnknownVrrpGroup() {
        ObjectNode doc = set(document(), "/virtualServers/0/vrrpGroup", "vg9");

        assertThat(errorsOf(() -> decodeDocument(doc, true)))
                .containsExactly(new FieldError("/virtualServers/0/vrrpGroup", "no VRRP group named 'vg9'"));
    }

    @Test
    void rejectsAVirtualServerWhoseAddressItsGroupDoesNotCarry() {
        ObjectNode doc = set(document(), "/virtualServers/0/address", "192.168.10.199");

        var errors = errorsOf(() -> decodeDocument(doc, true));

        assertThat(errors).extracting(FieldError::field).containsExactly("/virtualServers/0/vrrpGroup");
        assertThat(errors.get(0).message()).contains("'vg1'").contains("192.168.10.199");
    }

    @Test
    void acceptsAGroupTrackingAVirtualServerItCarriesOrThatNamesEveryMember() {
        ObjectNode doc = set(
                document(),
                "/vrrpGroups/0/trackVirtualServers",
                List.of(json("{\"virtualServer\": \"vs1\", \"weight\": -50}"), json("{\"virtualServer\": \"dns\"}")));
        add(
                doc,
                "virtualServers",
                set(
                        set(set(minimalVirtualServer(), "/name", "dns"), "/port", 53),
                        "/directors",
                        List.of("lb1", "lb2", "lb3")));

        assertThat(decodeDocument(doc, true).vrrpGroups().get(0).trackVirtualServers())
                .containsExactly(
                        new VrrpGroup.TrackVirtualServer("vs1", -50), new VrrpGroup.TrackVirtualServer("dns", null));
    }

    @Test
    void rejectsTrackingAnUnknownVirtualServerNamingTheField() {
        ObjectNode doc = set(
                document(),
                "/vrrpGroups/0/trackVirtualServers",
                List.of(json("{\"virtualServer\": \"nope\", \"weight\": -10}")));

        assertThat(errorsOf(() -> decodeDocument(doc, true)))
                .containsExactly(new FieldError(
                        "/vrrpGroups/0/trackVirtualServers/0/virtualServer", "no virtual server named 'nope'"));
    }

    @Test
    void rejectsTrackingAVirtualServerThatAMemberDoesNotServe() {
        ObjectNode doc =
                set(document(), "/vrrpGroups/0/trackVirtualServers", List.of(json("{\"virtualServer\": \"dns\"}")));
        add(
                doc,
                "virtualServers",
                set(
                        set(set(minimalVirtualServer(), "/name", "dns"), "/port", 53),
                        "/directors",
                        List.of("lb1", "lb3")));

        var errors = errorsOf(() -> decodeDocument(doc, true));

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactly("/vrrpGroups/0/trackVirtualServers/0/virtualServer");
        assertThat(errors.get(0).message()).contains("'dns'").contains("member 'lb2'");
    }

    @Test
    void acceptsAFirewallMarkServiceOnAGroupWhateverItsAddresses() {
        ObjectNode doc =
                add(add(document(), "vrrpGroups", ipv6VrrpGroup()), "virtualServers", fullFwmarkVirtualServer());
        set(doc, "/vrrpGroups/1/vrid", 11);

        assertThatCode(() -> decodeDocument(doc, true)).doesNotThrowAnyException();
    }

    @Test
    void rejectsAVirtualServerNamingUnknownDirectors() {
        ObjectNode doc =
                add(document(), "virtualServers", set(fullInetVirtualServer(), "/directors", List.of("lb1", "lb7")));
        set(doc, "/virtualServers/1/address", "192.168.10.50");

        assertThat(errorsOf(() -> decodeDocument(doc, true)))
                .containsExactly(new FieldError("/virtualServers/1/directors/1", "no director named 'lb7'"));
    }

    // ------------------------------------------------------------------ collisions

    @Test
    void rejectsTheSameAddressPortAndProtocolTwice() {
        ObjectNode doc = add(
                document(), "virtualServers", set(set(minimalVirtualServer(), "/name", "vs2"), "/vrrpGroup", "vg1"));

        var errors = errorsOf(() -> decodeDocument(doc, true));

        assertThat(errors)
                .containsExactly(new FieldError("/virtualServers/1/address", "the same service as /virtualServers/0"));
    }

    @Test
    void acceptsTheSameAddressWithAnotherPortOrProtocol() {
        ObjectNode doc = document();
        add(
                doc,
                "virtualServers",
                set(set(set(minimalVirtualServer(), "/name", "vs-udp"), "/vrrpGroup", "vg1"), "/protocol", "udp"));
        add(
                doc,
                "virtualServers",
                set(set(set(minimalVirtualServer(), "/name", "vs-443"), "/vrrpGroup", "vg1"), "/port", 443));

        assertThatCode(() -> decodeDocument(doc, true)).doesNotThrowAnyException();
    }

    @Test
    void comparesServiceAddressesInCanonicalForm() {
        ObjectNode doc = add(
                add(document(), "vrrpGroups", ipv6VrrpGroup()),
                "virtualServers",
                set(
                        set(set(minimalVirtualServer(), "/name", "v6a"), "/address", "2001:db8:10::100"),
                        "/realServers",
                        List.of()));
        add(
                doc,
                "virtualServers",
                set(
                        set(set(minimalVirtualServer(), "/name", "v6b"), "/address", "2001:DB8:10:0:0:0:0:100"),
                        "/realServers",
                        List.of()));
        set(doc, "/vrrpGroups/1/vrid", 11);
        set(doc, "/virtualServers/1/directors", List.of("lb1"));
        set(doc, "/virtualServers/2/directors", List.of("lb1"));

        assertThat(fieldsOf(() -> decodeDocument(doc, true))).containsExactly("/virtualServers/2/address");
    }

    @Test
    void rejectsTheSameFirewallMarkAndFamilyTwiceButNotAcrossFamilies() {
        ObjectNode mark6 = remove(fullFwmarkVirtualServer(), "/vrrpGroup");
        set(mark6, "/directors", List.of("lb1"));
        ObjectNode doc = add(
                add(document(), "virtualServers", mark6),
                "virtualServers",
                set(mark6.deepCopy(), "/name", "vs-mark-2"));

        assertThat(errorsOf(() -> decodeDocument(doc, true)))
                .containsExactly(new FieldError("/virtualServers/2/fwmark", "the same service as /virtualServers/1"));

        ObjectNode mark4 = set(set(mark6.deepCopy(), "/name", "vs-mark-4"), "/addressFamily", "inet");
        set(mark4, "/realServers", List.of());
        set(mark4, "/persistence/prefixLength", 24);
        ObjectNode ok = add(add(document(), "virtualServers", mark6), "virtualServers", mark4);
        assertThatCode(() -> decodeDocument(ok, true)).doesNotThrowAnyException();
    }

    @Test
    void rejectsAVridUsedTwiceOnTheSameDirectorInterfaceAndFamily() {
        ObjectNode doc = add(document(), "vrrpGroups", group("vg2", 10, "eth0", "192.168.20.1/24", "lb3", "lb2"));

        var errors = errorsOf(() -> decodeDocument(doc, true));

        assertThat(errors)
                .extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple(
                        "/vrrpGroups/1/vrid",
                        "VRID 10 is already used on interface eth0 of director 'lb2' by group 'vg1'"));
    }

    @Test
    void acceptsTheSameVridOnAnotherInterface() {
        ObjectNode doc = add(document(), "vrrpGroups", group("vg2", 10, "eth1", "192.168.20.1/24", "lb1", "lb2"));

        assertThatCode(() -> decodeDocument(doc, true)).doesNotThrowAnyException();
    }

    @Test
    void acceptsTheSameVridForTheOtherAddressFamily() {
        ObjectNode v6 = set(group("vg6", 10, "eth0", "2001:db8::100/64", "lb1", "lb2"), "/version", 3);

        assertThatCode(() -> decodeDocument(add(document(), "vrrpGroups", v6), true))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsTheSameVridOnDisjointDirectors() {
        ObjectNode doc = add(document(), "vrrpGroups", group("vg2", 10, "eth0", "192.168.20.1/24", "lb3"));

        assertThatCode(() -> decodeDocument(doc, true)).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void requiresThePasswordOfPassAuthenticationOnlyWhenSecretsAreRequired() {
        ObjectNode doc = set(document(), "/vrrpGroups/0/authentication", json("{\"type\": \"pass\"}"));

        assertThat(errorsOf(() -> decodeDocument(doc, true)))
                .containsExactly(new FieldError("/vrrpGroups/0/authentication/password", "is required for type pass"));
        assertThat(decodeDocument(doc, false)
                        .vrrpGroups()
                        .get(0)
                        .authentication()
                        .password())
                .isNull();
        ObjectNode withPassword =
                set(document(), "/vrrpGroups/0/authentication", json("{\"type\": \"pass\", \"password\": \"abc\"}"));
        assertThatCode(() -> decodeDocument(withPassword, true)).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ export

    @Test
    void roundTripsAnExportWithoutItsSecrets() {
        ObjectNode in = document();
        add(in, "vrrpGroups", set(fullVrrpGroup(), "/members/0/director", "lb3"));
        add(in, "virtualServers", set(fullInetVirtualServer(), "/address", "192.168.10.101"));
        set(in, "/virtualServers/1/directors", List.of());
        set(in, "/virtualServers/1/vrrpGroup", "vg-web");
        ConfigDocument doc = decodeDocument(in, true);
        ConfigDocument withRevision = new ConfigDocument(5L, doc.directors(), doc.vrrpGroups(), doc.virtualServers());

        ObjectNode export = DocumentCodec.encode(withRevision);
        ConfigDocument back = decodeDocument(export, false);

        VrrpGroup web = doc.vrrpGroups().get(1);
        assertThat(back.vrrpGroups().get(1))
                .isEqualTo(web.withAuthentication(
                        new VrrpGroup.Authentication(web.authentication().type(), null)));
        assertThat(back.directors()).isEqualTo(doc.directors());
        assertThat(back.virtualServers()).isEqualTo(doc.virtualServers());
        assertThat(back.vrrpGroups().get(0)).isEqualTo(doc.vrrpGroups().get(0));
        assertThatThrownBy(() -> decodeDocument(export, true))
                .as("an export has no secrets")
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("/vrrpGroups/1/authentication/password");
    }
}
