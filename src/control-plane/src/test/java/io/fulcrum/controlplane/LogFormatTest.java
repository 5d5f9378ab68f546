package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.jboss.logmanager.handlers.QueueHandler;
import org.junit.jupiter.api.Test;

/** FULCRUM_LOG_FORMAT=json: the handlers Quarkus made (nested ones too) write lines that parse as JSON. */
class LogFormatTest {
    @Test
    void aNestedConsoleHandlerWritesJsonLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamHandler console = new StreamHandler(out, new SimpleFormatter());
        QueueHandler outer = new QueueHandler();
        outer.setHandlers(new Handler[] {console});

        LogFormat.json(outer);
        LogRecord r = new LogRecord(Level.WARNING, "director 'lb1' refused revision 3: \"bad\"");
        r.setLoggerName("io.fulcrum.controlplane.agents.AgentHub");
        console.publish(r);
        console.flush();

        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).endsWith("AgentHub");
        assertThat(json.path("message").asText()).isEqualTo("director 'lb1' refused revision 3: \"bad\"");
        assertThat(json.path("time").asText()).isNotEmpty();
    }
}
