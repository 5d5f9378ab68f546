package io.fulcrum.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderTest {
    private static JsonNode json(String s) {
        return DocumentCodec.parse(s);
    }

    @Test
    void tablesAlignByVisibleWidthAndHaveNoTrailingSpaces() {
        Table t = new Table("A", "LONGER").row(Style.COLOUR.green("yes"), "").row("no-no", "x");
        assertThat(Style.strip(t.render(Style.COLOUR))).isEqualTo("A      LONGER\n" + "yes\n" + "no-no  x\n");
        assertThat(t.render(Style.COLOUR)).startsWith("\u001b[1mA\u001b[0m      \u001b[1mLONGER\u001b[0m\n");
        assertThat(new Table("A", "LONGER").row("yes", "").render(Style.PLAIN)).isEqualTo("A    LONGER\nyes\n");
    }

    @Test
    void plainStyleAddsNothing() {
        assertThat(Style.PLAIN.red("x") + Style.PLAIN.bold("y") + Style.PLAIN.dim("z"))
                .isEqualTo("xyz");
        assertThat(Style.COLOUR.red("x")).isEqualTo("\u001b[31mx\u001b[0m");
        assertThat(Style.COLOUR.red("")).isEmpty();
    }

    @Test
    void aSecretsPlaceholdersAreShownAsTheyAre() {
        JsonNode plan = json("{\"basedOnRevision\":1,\"writes\":true,\"counts\":{\"update\":1},\"changes\":[{\"kind\":"
                + "\"vrrp-group\",\"name\":\"vg\",\"action\":\"update\",\"diff\":[{\"path\":\"/authentication/password\","
                + "\"before\":\"(secret)\",\"after\":\"(secret changed)\",\"secret\":true}],\"directors\":[]}],"
                + "\"errors\":[],\"warnings\":[]}");
        assertThat(PlanView.render(plan, Style.PLAIN))
                .contains("  ~ vrrp-group vg\n      /authentication/password: (secret) -> (secret changed)\n");
    }

    @Test
    void unchangedAndKeptResourcesAreListedWhenThePlanHasThem() {
        JsonNode plan = json("{\"basedOnRevision\":1,\"writes\":false,\"counts\":{\"unchanged\":1,\"keep\":1},"
                + "\"changes\":[{\"kind\":\"director\",\"name\":\"lb1\",\"action\":\"unchanged\",\"directors\":[\"lb1\"]},"
                + "{\"kind\":\"virtual-server\",\"name\":\"old\",\"action\":\"keep\",\"directors\":[]}],"
                + "\"errors\":[],\"warnings\":[]}");
        assertThat(PlanView.render(plan, Style.PLAIN))
                .isEqualTo("Plan against revision 1:\n\n" + "  = director lb1\n"
                        + "  . virtual-server old (kept: not in the document; --prune deletes it)\n\n"
                        + "No changes: the control plane already matches the document. 1 resource not in the"
                        + " document kept (--prune deletes them).\n");
        assertThat(PlanView.renderDiff(plan, Style.PLAIN)).isEmpty();
    }

    @Test
    void errorsShowTheirDetailsAndHint() {
        CliException e = new CliException("it broke", List.of("/a: bad", "/b: worse"), "fix it");
        assertThat(ErrorView.render(e, Style.PLAIN))
                .isEqualTo("error: it broke\n  /a: bad\n  /b: worse\nhint: fix it\n");
        assertThat(ErrorView.render(new CliException("x", null), Style.COLOUR))
                .isEqualTo("\u001b[31m\u001b[1merror:\u001b[0m\u001b[0m x\n");
    }

    @Test
    void jsonIsIndentedByTwoSpacesInTheGivenOrder() {
        assertThat(Documents.json(json("{\"b\":1,\"a\":[1,{\"c\":null}],\"e\":{}}")))
                .isEqualTo(
                        "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    {\n      \"c\": null\n    }\n  ],\n  \"e\": {}\n}\n");
    }

    @Test
    void splitBrainIsShownInTheMasterColumn() {
        JsonNode status = json("{\"revision\":1,\"directors\":[],\"vrrpGroups\":[{\"name\":\"vg\",\"vrid\":1,"
                + "\"master\":\"lb1,lb2\",\"splitBrain\":true,\"members\":[]},{\"name\":\"vh\",\"vrid\":2,\"master\":null,"
                + "\"splitBrain\":false,\"members\":[]}],\"virtualServers\":{\"total\":1,\"incomplete\":[]}}");
        assertThat(StatusView.render(status, Style.PLAIN))
                .contains("vg          1     lb1,lb2 (split brain)")
                .contains("vh          2     (none)")
                .contains("Virtual servers: all 1 applied on every director serving them.");
    }

    @Test
    void eventsShowTheirTypeAndCompactData() {
        assertThat(EventView.render("x", "{ \"a\": 1 }", false, Style.PLAIN)).isEqualTo("x {\"a\":1}");
        assertThat(EventView.render("x", "{broken", true, Style.PLAIN))
                .isEqualTo("{\"event\":\"x\",\"data\":\"{broken\"}");
    }

    @Test
    void servicesShowAddressPortOrMark() {
        assertThat(ResourceTables.service(json("{\"address\":\"2001:db8::1\",\"port\":443,\"protocol\":\"udp\"}")))
                .isEqualTo("udp [2001:db8::1]:443");
        assertThat(ResourceTables.service(json("{\"fwmark\":3}"))).isEqualTo("fwmark 3");
    }
}
