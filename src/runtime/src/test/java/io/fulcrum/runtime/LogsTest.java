package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogsTest {
    @Test
    void textLinesCarryTimeLevelLoggerAndMessageAndHonourTheLevel() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logs.configure(out, Logs.Format.TEXT, System.Logger.Level.INFO);
        System.Logger log = System.getLogger("io.fulcrum.agent.run.AgentLoop");
        log.log(System.Logger.Level.INFO, "applied revision 7");
        log.log(System.Logger.Level.DEBUG, "not shown");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z INFO  agent\\.run\\.AgentLoop: applied revision 7\\n");
    }

    @Test
    void jsonLinesAreOneEscapedObjectEach() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logs.configure(out, Logs.Format.JSON, System.Logger.Level.DEBUG);
        System.getLogger("io.fulcrum.vrrp.Router").log(System.Logger.Level.WARNING, "group \"VI_1\"\nsecond line");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("{\"time\":\"")
                .endsWith("}\n")
                .contains(
                        "\"level\":\"WARN\"",
                        "\"logger\":\"vrrp.Router\"",
                        "\"message\":\"group \\\"VI_1\\\"\\nsecond line\"");
    }

    @Test
    void unknownSettingsAreRefusedByName() {
        assertThatThrownBy(() -> Logs.parseLevel("loud")).hasMessageContaining("FULCRUM_LOG_LEVEL");
        assertThatThrownBy(() -> Logs.parseFormat("xml")).hasMessageContaining("FULCRUM_LOG_FORMAT");
    }
}
