package io.fulcrum.model.codec;

import static io.fulcrum.model.Fixtures.document;
import static io.fulcrum.model.Fixtures.errorsOf;
import static io.fulcrum.model.Fixtures.fieldsOf;
import static io.fulcrum.model.Fixtures.json;
import static io.fulcrum.model.Fixtures.minimalVirtualServer;
import static io.fulcrum.model.Fixtures.minimalVrrpGroup;
import static io.fulcrum.model.Fixtures.set;
import static io.fulcrum.model.codec.DocumentCodec.decodeDocument;
import static io.fulcrum.model.codec.DocumentCodec.decodeVirtualServer;
import static io.fulcrum.model.codec.DocumentCodec.decodeVrrpGroup;
import static io.fulcrum.model.codec.DocumentCodec.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.Hook;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notify hooks in documents: a script's path (as before arguments existed) or a script with its
 * arguments, and a sync group's hooks (keepalived's vrrp_sync_group notify_*).
 */
class HookCodecTest {

    private static ObjectNode groupWithNotify(String json) {
        return set(minimalVrrpGroup(), "/notify", json(json));
    }

    @Test
    void aHookIsAScriptWithItsArgumentsPassedAsGiven() {
        VrrpGroup g = decodeVrrpGroup(groupWithNotify("""
                {"master": {"script": "/usr/local/bin/vrrp.sh", "arguments": ["MASTER", "VI_1", "a b", ""]}}"""));

        assertThat(g.notifications().master())
                .isEqualTo(new Hook("/usr/local/bin/vrrp.sh", List.of("MASTER", "VI_1", "a b", "")));
    }

    @Test
    void aPlainPathStaysValidAndIsWrittenBackAsAPath() {
        VrrpGroup g = decodeVrrpGroup(groupWithNotify("{\"backup\": \"/usr/local/bin/backup.sh\"}"));

        assertThat(g.notifications().backup()).isEqualTo(Hook.of("/usr/local/bin/backup.sh"));
        assertThat(encode(g, false).at("/notify/backup").asText()).isEqualTo("/usr/local/bin/backup.sh");
    }

    @Test
    void aHookWithArgumentsRoundTripsAsAnObject() {
        VrrpGroup g = decodeVrrpGroup(groupWithNotify("""
                {"fault": {"script": "/usr/local/bin/vrrp.sh", "arguments": ["FAULT"]},
                 "any": {"script": "/usr/local/bin/all.sh", "arguments": []}}"""));

        assertThat(encode(g, false).at("/notify/fault"))
                .isEqualTo(json("{\"script\": \"/usr/local/bin/vrrp.sh\", \"arguments\": [\"FAULT\"]}"));
        assertThat(encode(g, false).at("/notify/any").asText()).isEqualTo("/usr/local/bin/all.sh");
        assertThat(decodeVrrpGroup(encode(g, false))).isEqualTo(g);
    }

    @Test
    void aCommandLineInAPathIsRefusedPointingAtTheArgumentsForm() {
        List<FieldError> errors = errorsOf(
                () -> decodeVrrpGroup(groupWithNotify("{\"master\": \"/usr/local/bin/vrrp.sh MASTER VI_1\"}")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("/notify/master");
            assertThat(e.message()).contains("not a command line").contains("arguments");
        });
    }

    @Test
    void aRelativeOrEmptyScriptIsRefusedNamingTheField() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(groupWithNotify("""
                        {"master": {"script": "vrrp.sh", "arguments": ["x"]}, "backup": {"script": ""},
                         "fault": {"arguments": ["x"]}, "stop": ""}"""))))
                .containsExactlyInAnyOrder(
                        "/notify/master/script", "/notify/backup/script", "/notify/fault/script", "/notify/stop");
    }

    @Test
    void aNulInAnArgumentIsRefused() {
        List<FieldError> errors = errorsOf(() -> decodeVrrpGroup(
                groupWithNotify("{\"master\": {\"script\": \"/bin/x.sh\", \"arguments\": [\"ok\", \"a\\u0000b\"]}}")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("/notify/master/arguments/1");
            assertThat(e.message()).contains("NUL");
        });
    }

    @Test
    void aHookIsAPathOrAnObjectNothingElse() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(groupWithNotify("""
                        {"master": ["/bin/x.sh", "a"], "backup": {"script": "/bin/x.sh", "args": ["a"]},
                         "fault": {"script": "/bin/x.sh", "arguments": "a"}, "any": 7}"""))))
                .containsExactlyInAnyOrder(
                        "/notify/master", "/notify/backup/args", "/notify/fault/arguments", "/notify/any");
    }

    @Test
    void realServerAndQuorumHooksTakeArgumentsToo() {
        ObjectNode vs = minimalVirtualServer();
        set(vs, "/notify", json("{\"quorumUp\": {\"script\": \"/bin/q.sh\", \"arguments\": [\"UP\", \"vs1\"]}}"));
        set(vs, "/realServers/0/notify", json("{\"down\": {\"script\": \"/bin/rs.sh\", \"arguments\": [\"DOWN\"]}}"));

        VirtualServer v = decodeVirtualServer(vs);

        assertThat(v.notifyQuorumUp()).isEqualTo(new Hook("/bin/q.sh", List.of("UP", "vs1")));
        assertThat(v.realServers().get(0).notifyDown()).isEqualTo(new Hook("/bin/rs.sh", List.of("DOWN")));
        assertThat(decodeVirtualServer(encode(v, true))).isEqualTo(v);
    }

    @Test
    void syncGroupHooksNeedASyncGroup() {
        ObjectNode g = set(minimalVrrpGroup(), "/syncGroupNotify", json("{\"master\": \"/bin/sg.sh\"}"));

        assertThat(fieldsOf(() -> decodeVrrpGroup(g))).containsExactly("/syncGroupNotify");
        set(g, "/syncGroup", "sg1");
        assertThat(decodeVrrpGroup(g).syncGroupNotify())
                .isEqualTo(new VrrpGroup.Notify(Hook.of("/bin/sg.sh"), null, null, null));
    }

    /** Two groups of one sync group on lb1 and lb2: vg1 (the fixture's) and vg2. */
    private static ObjectNode twoGroupsOfOneSyncGroup(String hooks1, String hooks2) {
        ObjectNode doc = document();
        ObjectNode vg1 = (ObjectNode) doc.at("/vrrpGroups/0");
        set(vg1, "/syncGroup", "sg1");
        if (hooks1 != null) set(vg1, "/syncGroupNotify", json(hooks1));
        ObjectNode vg2 = set(set(minimalVrrpGroup(), "/name", "vg2"), "/vrid", 11);
        set(vg2, "/syncGroup", "sg1");
        if (hooks2 != null) set(vg2, "/syncGroupNotify", json(hooks2));
        doc.withArray("/vrrpGroups").add(vg2);
        return doc;
    }

    @Test
    void aSyncGroupsHooksAreGivenOnceOrTheSameOnEachGroup() {
        String hooks = "{\"master\": {\"script\": \"/bin/sg.sh\", \"arguments\": [\"up\"]}}";

        assertThat(decodeDocument(twoGroupsOfOneSyncGroup(hooks, null), false)
                        .vrrpGroups()
                        .get(0)
                        .syncGroupNotify())
                .isNotNull();
        assertThat(decodeDocument(twoGroupsOfOneSyncGroup(hooks, hooks), false).vrrpGroups())
                .hasSize(2);
    }

    @Test
    void twoDifferentHookSetsForOneSyncGroupAreRefused() {
        List<FieldError> errors = errorsOf(() -> decodeDocument(
                twoGroupsOfOneSyncGroup(
                        "{\"master\": {\"script\": \"/bin/sg.sh\", \"arguments\": [\"up\"]}}",
                        "{\"master\": {\"script\": \"/bin/sg.sh\", \"arguments\": [\"other\"]}}"),
                false));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("/vrrpGroups/1/syncGroupNotify");
            assertThat(e.message()).contains("'vg1'").contains("'sg1'").contains("one set of hooks");
        });
    }
}
